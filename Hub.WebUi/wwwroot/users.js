// The owner's users page: users, API tokens (the secret shown once) and the own password.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const { el } = window.dom;
  const { send } = window.hubSession;

  async function report(response, done) {
    const error = $("users-error");
    if (response.ok) {
      error.hidden = true;
      $("users-result").textContent = done;
      $("users-result").hidden = false;
      return response.status === 204 ? null : response.json();
    }
    const body = await response.json().catch(() => null);
    error.textContent = `${body?.title ?? response.status}: ${body?.detail ?? ""}`;
    error.setAttribute("data-status", String(response.status));
    error.hidden = false;
    return null;
  }

  function removeButton(label, url, done) {
    const button = el("button", { type: "button" }, label);
    button.addEventListener("click", async () => {
      await report(await send(url, undefined, "DELETE"), done);
      await load();
    });
    return button;
  }

  async function load() {
    const [users, tokens] = await Promise.all([
      fetch("/api/users", { headers: { Accept: "application/json" }, cache: "no-store" }).then((r) => r.json()),
      fetch("/api/tokens", { headers: { Accept: "application/json" }, cache: "no-store" }).then((r) => r.json()),
    ]);
    $("users").replaceChildren(...users.map((u) => el("tr", { "data-user": u.name },
      el("td", {}, u.name), el("td", {}, u.role), el("td", {}, u.created),
      el("td", {}, removeButton("Remove", `/api/users/${encodeURIComponent(u.name)}`, `Removed ${u.name}.`)))));
    $("tokens").replaceChildren(...tokens.map((t) => el("tr", { "data-token": t.id },
      el("td", {}, t.name), el("td", {}, t.role), el("td", {}, t.createdBy), el("td", {}, t.created),
      el("td", {}, removeButton("Revoke", `/api/tokens/${encodeURIComponent(t.id)}`, `Revoked ${t.name}.`)))));
  }

  $("user-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { name: $("user-name").value, role: $("user-role").value, password: $("user-password").value };
    await report(await send("/api/users", body), `Added ${body.name}.`);
    $("user-password").value = "";
    await load();
  });

  $("token-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const made = await report(await send("/api/tokens", { name: $("token-name").value, role: $("token-role").value }), "Token created.");
    if (made) {
      $("token-secret").textContent = `Token ${made.name} (${made.role}): ${made.token} — copy it now, it is not shown again.`;
      $("token-secret").hidden = false;
    }
    await load();
  });

  $("password-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { currentPassword: $("password-current").value, newPassword: $("password-new").value };
    await report(await send("/api/account/password", body), "Password changed; your other sessions have ended.");
    $("password-current").value = "";
    $("password-new").value = "";
  });

  load();
})();
