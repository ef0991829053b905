"""Helpers for the gold-case writers: one incident in FORMAT.md's shape, and one case on disk."""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))


def inc(org, cause, **kw):
    d = {"organization": org, "aliases": kw.pop("aliases", []), "parent": kw.pop("parent", None), "cause": cause,
         "counts": [{"value": v, "unit": u} for v, u in kw.pop("counts", [])], "data": kw.pop("data", []),
         "occurred": None, "detected": None, "disclosed": None, "regulator_reported": None, "loss_jpy": None,
         "secondary_damage": False}
    d.update(kw)
    return d


def writer(folder):
    """A `case(name, published, source, text, incidents)` that writes into testdata/<folder>."""
    out = os.path.join(HERE, folder)

    def case(name, published, source, text, incidents):
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, name + ".txt"), "w") as f:
            f.write(text.strip() + "\n")
        with open(os.path.join(out, name + ".json"), "w") as f:
            json.dump({"published": published, "source": source, "incidents": incidents}, f, ensure_ascii=False, indent=2)

    return case
