// Reads a JSON list of strings on stdin; prints a JSON list of those edtf.js refuses, each with its reason.
const edtf = require("edtf").default ?? require("edtf");
const fs = require("fs");
const texts = JSON.parse(fs.readFileSync(0, "utf8"));
const refused = [];
for (const text of texts) {
  try {
    edtf(text);
  } catch (error) {
    refused.push({ text, reason: String(error.message).split("\n")[0] });
  }
}
console.log(JSON.stringify(refused));
