"""Checks dev.jsonl / blind.jsonl: every line parses, has all fields with the right types,
ids are unique, text is 80-400 characters; prints the counts."""
import json, pathlib, sys

FIELDS = {"id": str, "title": str, "text": str, "relevant": bool, "kind": str, "hard": bool, "why": str}
here = pathlib.Path(__file__).parent
ok = True
for name in ("dev.jsonl", "blind.jsonl"):
    ids, rows = set(), []
    for n, line in enumerate((here / name).read_text(encoding="utf-8").splitlines(), 1):
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            print(f"{name}:{n}: not JSON: {e}"); ok = False; continue
        for k, t in FIELDS.items():
            if not isinstance(r.get(k), t):
                print(f"{name}:{n}: field {k!r} missing or not {t.__name__}"); ok = False
        if set(r) - set(FIELDS):
            print(f"{name}:{n}: extra fields {set(r) - set(FIELDS)}"); ok = False
        if r.get("id") in ids:
            print(f"{name}:{n}: duplicate id {r.get('id')}"); ok = False
        ids.add(r.get("id"))
        if not 80 <= len(r.get("text", "")) <= 400:
            print(f"{name}:{n}: text length {len(r.get('text', ''))}"); ok = False
        rows.append(r)
    rel = sum(r["relevant"] for r in rows)
    hard = sum(r["hard"] for r in rows)
    print(f"{name}: {len(rows)} items, relevant {rel} ({rel/len(rows):.0%}), irrelevant {len(rows)-rel}, "
          f"hard {hard} ({hard/len(rows):.0%}: {sum(r['hard'] and r['relevant'] for r in rows)} positive, "
          f"{sum(r['hard'] and not r['relevant'] for r in rows)} negative)")
d = [json.loads(l) for l in (here / "dev.jsonl").read_text(encoding="utf-8").splitlines()]
b = [json.loads(l) for l in (here / "blind.jsonl").read_text(encoding="utf-8").splitlines()]
if {r["text"] for r in d} & {r["text"] for r in b}:
    print("dev and blind share a text"); ok = False
sys.exit(0 if ok else 1)
