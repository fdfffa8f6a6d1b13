const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");
const fs = require("fs");
const [schemaPath, ...docs] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
let bad = 0;
for (const doc of docs) {
  const ok = validate(JSON.parse(fs.readFileSync(doc, "utf8")));
  console.log(JSON.stringify({ doc, valid: ok, errors: ok ? [] : validate.errors.map(e => `${e.instancePath} ${e.message}`) }));
  if (!ok) bad++;
}
process.exit(bad ? 1 : 0);
