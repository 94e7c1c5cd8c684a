import { expect, test } from "bun:test";
import { parseUrlList } from "./url_list.ts";

test("one URL per line, optional names, comments, ${VAR}", () => {
  const text = "# tenants\n\nsqlite:///a.db\nacme postgresql://u:${PW}@h/acme   # the big one\n  mysql://root@h/${DB:-b}\n";
  expect(parseUrlList(text, "urls.txt", { PW: "s3cret" })).toEqual([
    { url: "sqlite:///a.db" },
    { name: "acme", url: "postgresql://u:s3cret@h/acme" },
    { url: "mysql://root@h/b" },
  ]);
});

test("a URL listed twice, three words and an unset variable are refused, without the password", () => {
  expect(() => parseUrlList("postgresql://u:pw@h/a\npostgresql://u:pw@h/a\n", "urls.txt", {})).toThrow(
    "urls.txt:2 lists postgresql://u:***@h/a again (first on line 1); list each database once",
  );
  expect(() => parseUrlList("a b c\n", "urls.txt", {})).toThrow("urls.txt:1 has 3 words");
  expect(() => parseUrlList("${NOPE}\n", "urls.txt", {})).toThrow('Environment variable "NOPE" is not set (used in urls.txt:1)');
});
