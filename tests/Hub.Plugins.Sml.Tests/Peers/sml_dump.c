/* Decodes one SML transport frame from stdin with Debian's libsml and prints what libsml understood:
 *   crc ok|bad
 *   server <hex>
 *   entry <A-B:C.D.E*F> unit=<n|-> scaler=<n|-> value=<double>
 * Built and run by the SML tests (cc sml_dump.c -lsml). */
#include <stdio.h>
#include <string.h>
#include <sml/sml_file.h>
#include <sml/sml_crc16.h>
#include <sml/sml_get_list_response.h>
#include <sml/sml_value.h>

int main(void) {
    static unsigned char buf[65536];
    size_t len = fread(buf, 1, sizeof buf, stdin);
    if (len < 16) { fprintf(stderr, "short frame\n"); return 2; }
    /* libsml's own convention: sml_crc16_calculate over all but the last two bytes, compared big-endian. */
    u16 crc = sml_crc16_calculate(buf, (int)len - 2);
    printf("crc %s\n", crc == ((buf[len - 2] << 8) | buf[len - 1]) ? "ok" : "bad");
    sml_file *file = sml_file_parse(buf + 8, len - 16);
    for (int m = 0; m < file->messages_len; m++) {
        sml_message *message = file->messages[m];
        if (*message->message_body->tag != SML_MESSAGE_GET_LIST_RESPONSE) continue;
        sml_get_list_response *body = (sml_get_list_response *)message->message_body->data;
        printf("server ");
        for (int i = 0; body->server_id && i < body->server_id->len; i++) printf("%02x", body->server_id->str[i]);
        printf("\n");
        for (sml_list *entry = body->val_list; entry; entry = entry->next) {
            unsigned char *o = entry->obj_name->str;
            printf("entry %d-%d:%d.%d.%d*%d", o[0], o[1], o[2], o[3], o[4], o[5]);
            if (entry->unit) printf(" unit=%d", *entry->unit); else printf(" unit=-");
            if (entry->scaler) printf(" scaler=%d", *entry->scaler); else printf(" scaler=-");
            if (entry->value && (entry->value->type & 0x70) != 0x00) printf(" value=%.6f\n", sml_value_to_double(entry->value));
            else printf(" value=octets\n");
        }
    }
    sml_file_free(file);
    return 0;
}
