// Parses one P1 telegram (stdin) with npm's smartmeter-obis D0 parser and prints {obis: [{value, unit}]} as JSON.
'use strict';
const { D0Protocol } = require('smartmeter-obis');
const chunks = [];
process.stdin.on('data', c => chunks.push(c));
process.stdin.on('end', () => {
  let out = null;
  const protocol = new D0Protocol({ logger: () => {}, debug: 0 }, (err, data) => {
    if (err) { console.error(String(err)); return; }
    out = {};
    for (const id of Object.keys(data)) {
      const m = data[id];
      out[`${m.medium}-${m.channel}:${m.measurement}.${m.measureType}.${m.tariffRate}`] = m.values.map(v => ({ value: v.value, unit: v.unit }));
    }
  });
  protocol.initState();
  let message = Buffer.concat(chunks);
  for (let step = 0; step < 4 && message && message.length > 0 && out === null; step++) {
    if (!protocol.checkMessage(message)) break;
    message = protocol.handleMessage(message);
  }
  if (out === null) { console.error('smartmeter-obis parsed nothing'); process.exit(2); }
  process.stdout.write(JSON.stringify(out));
});
