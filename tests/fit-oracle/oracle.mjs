// Garmin's FIT JavaScript SDK as the oracle of the core FIT tests (tests/MindMuscle.Live.Core.Tests/Fit).
//   node oracle.mjs decode FILE...   -> one JSON object per file on stdout: what Garmin's decoder reads
//   node oracle.mjs encode JSON...   -> each JSON file ({ "messages": [{ "mesgNum": 20, ...fields }] }) encoded by
//                                       Garmin's encoder into the same path with .fit instead of .json
// Decoded values have the profile's scale and offset applied; enums stay numbers and date_time fields FIT seconds,
// so the tests compare numbers with numbers.
import { readFileSync, writeFileSync } from "node:fs";
import { Decoder, Encoder, Stream } from "@garmin/fitsdk";

const [command, ...paths] = process.argv.slice(2);

const json = (value) => JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v));

if (command === "decode") {
  for (const path of paths) {
    const stream = Stream.fromBuffer(readFileSync(path));
    const decoder = new Decoder(stream);
    const isFit = decoder.isFIT();
    const integrity = decoder.checkIntegrity();
    const { messages, errors } = decoder.read({
      convertTypesToStrings: false,
      convertDateTimesToDates: false,
      mergeHeartRates: false,
    });
    process.stdout.write(json({ path, isFit, integrity, errors: errors.map((e) => String(e?.message ?? e)), messages }) + "\n");
  }
} else if (command === "encode") {
  for (const path of paths) {
    const { messages } = JSON.parse(readFileSync(path, "utf8"));
    const encoder = new Encoder();
    for (const { mesgNum, ...fields } of messages) {
      encoder.onMesg(mesgNum, fields);
    }

    writeFileSync(path.replace(/\.json$/, ".fit"), encoder.close());
  }
} else {
  process.stderr.write("usage: node oracle.mjs decode FILE... | encode JSON...\n");
  process.exit(2);
}
