#!/usr/bin/env python3
"""Independent checker for Aftermath archives and incident bundles (Python 3 standard library only).

It reads nothing but the files and ARCHIVE-FORMAT.md's rules, so it proves that document is
complete: it recomputes every evidence item's SHA-256 and the hash chain from the SQLite file,
and checks a bundle's BagIt manifests and chain links, without Aftermath.

  aftermath-check.py ARCHIVE            ARCHIVE is the archive directory or its aftermath.sqlite
  aftermath-check.py --bundle FILE      FILE is an exported .tar.gz or its unpacked directory
  --json                                print the findings as one JSON object

Exit status: 0 when everything matches, 1 when something does not (each problem is printed,
naming the item or file), 2 when the input cannot be read.
"""

import calendar
import hashlib
import json
import os
import re
import sqlite3
import sys
import tarfile

GENESIS = "0" * 64
CHAIN_PREFIX = "aftermath-evidence-v1\n"


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def chain_link(previous, content_sha256, metadata):
    """SHA-256 of 'aftermath-evidence-v1\\n' + previous + '\\n' + content SHA-256 + '\\n' + metadata JSON."""
    text = CHAIN_PREFIX + previous + "\n" + content_sha256 + "\n" + metadata
    return sha256_hex(text.encode("utf-8"))


# --- the metadata a chain hash covers -------------------------------------------------------

DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$")


def seconds_text(value):
    """A stored date as the chain writes it: seconds since 1970 in the shortest round-trip form.

    Dates are stored as 'YYYY-MM-DD HH:MM:SS.SSS' (UTC). The chain uses the number of seconds as
    a 64-bit float, printed as the shortest decimal that reads back to the same float (Python's
    repr, Swift's description). The float is computed as Foundation does: whole seconds since
    2001-01-01 plus the fraction, then 978307200 added.
    """
    if isinstance(value, (int, float)):
        return repr(float(value))
    m = DATE_RE.match(value)
    if not m:
        raise ValueError("unrecognised date %r" % value)
    y, mo, d, h, mi, s, frac = m.groups()
    whole = calendar.timegm((int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0)))
    nanos = int((frac or "0").ljust(3, "0")[:3]) * 1_000_000
    since2001 = float(whole - 978307200) + nanos / 1e9
    return repr(since2001 + 978307200.0)


def metadata_json(row):
    """The chain's metadata: a JSON object of strings, keys sorted, no spaces, '/' not escaped."""
    def text(v):
        return "" if v is None else str(v)
    fields = {
        "id": row["id"],
        "incident_id": text(row["incident_id"]),
        "capture_id": str(row["capture_id"]),
        "job_id": str(row["job_id"]),
        "ordinal": str(row["ordinal"]),
        "collector": row["collector"],
        "kind": row["kind"],
        "name": row["name"],
        "host": text(row["host"]),
        "request": row["request"],
        "window_start": seconds_text(row["window_start"]),
        "window_end": seconds_text(row["window_end"]),
        "status": row["status"],
        "error": text(row["error"]),
        "exit_code": text(row["exit_code"]),
        "size": str(row["size"]),
        "redactions": str(row["redactions"]),
    }
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# --- archives -------------------------------------------------------------------------------

def content_from_lines(con, evidence_id, layout):
    """The content of an item stored as its lines (v12 content_lines 1: texts joined by LF; 2: plus a final LF)."""
    texts = [r[0] for r in con.execute("SELECT text FROM evidence_line WHERE evidence_id = ? ORDER BY line_no", (evidence_id,))]
    content = "\n".join(texts).encode("utf-8")
    return content + b"\n" if layout == 2 else content


def check_archive(path):
    db_path = os.path.join(path, "aftermath.sqlite") if os.path.isdir(path) else path
    if not os.path.exists(db_path):
        raise FileNotFoundError("no database at %s" % db_path)
    con = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True)
    con.row_factory = sqlite3.Row
    columns = {r[1] for r in con.execute("PRAGMA table_info(evidence)")}
    removable = "content_removed_at" in columns
    problems = []
    previous, previous_id = GENESIS, "(start)"
    items = removed = 0
    last_seq = 0
    for row in con.execute("SELECT * FROM evidence ORDER BY seq"):
        items += 1
        ident, incident = row["id"], row["incident_id"]
        content = row["content"] or b""
        if isinstance(content, str):
            content = content.encode("utf-8")
        layout = row["content_lines"] if "content_lines" in columns else 0
        stray = 0
        if layout and not (removable and row["content_removed_at"] is not None):
            stray = len(content)
            content = content_from_lines(con, ident, layout)

        def problem(reason):
            problems.append({"item": ident, "incident": incident, "reason": reason})
        if removable and row["content_removed_at"] is not None:
            removed += 1
            if content:
                problem("content present although retention removed it")
        else:
            actual = sha256_hex(content)
            if actual != row["sha256"]:
                problem("content changed: SHA-256 is %s, recorded %s" % (actual, row["sha256"]))
            if len(content) != row["size"]:
                problem("size changed: %d bytes, recorded %d" % (len(content), row["size"]))
            if stray:
                problem("content changed: %d bytes in content although the item is stored as its lines" % stray)
        if row["prev_hash"] != previous:
            problem("chain broken: the item stored before it (after %s) is missing or was changed" % previous_id)
        if chain_link(row["prev_hash"], row["sha256"], metadata_json(row)) != row["chain_hash"]:
            problem("metadata changed (chain hash does not match)")
        previous, previous_id, last_seq = row["chain_hash"], ident, row["seq"]
    head = con.execute("SELECT seq, hash FROM chain_head WHERE id = 1").fetchone()
    head_seq, head_hash = (head[0], head[1]) if head else (0, GENESIS)
    if head_seq != last_seq or head_hash != previous:
        head_cols = {r[1] for r in con.execute("PRAGMA table_info(chain_head)")}
        head_id = con.execute("SELECT last_id FROM chain_head WHERE id = 1").fetchone() if "last_id" in head_cols else None
        head_id = head_id[0] if head_id and head_id[0] else "ev-%d" % head_seq
        problems.append({"item": head_id, "incident": None,
                         "reason": "missing: the chain head records item %s but the last stored item is %s" % (head_id, previous_id)})
    captures = 0
    for row in con.execute("SELECT id, incident_id, manifest, manifest_sha256 FROM capture WHERE manifest IS NOT NULL"):
        captures += 1
        if sha256_hex(row["manifest"].encode("utf-8")) != (row["manifest_sha256"] or ""):
            problems.append({"item": "capture %d" % row["id"], "incident": row["incident_id"], "reason": "manifest changed"})
    origins = 0
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "evidence_origin" in tables:
        for row in con.execute("""SELECT o.*, e.sha256, e.incident_id FROM evidence_origin o
                                  JOIN evidence e ON e.id = o.evidence_id ORDER BY e.seq"""):
            origins += 1
            if chain_link(row["origin_prev_hash"], row["sha256"], row["origin_metadata"]) != row["origin_chain_hash"]:
                problems.append({"item": row["evidence_id"], "incident": row["incident_id"],
                                 "reason": "imported item no longer matches its link in archive %s (as %s)"
                                 % (row["origin_archive"], row["origin_id"])})
    integrity = "; ".join(r[0] for r in con.execute("PRAGMA integrity_check"))
    con.close()
    return {"items": items, "captures": captures, "content_removed": removed, "origins": origins,
            "chain_head": {"seq": head_seq, "hash": head_hash}, "integrity": integrity, "problems": problems}


# --- bundles --------------------------------------------------------------------------------

def read_bundle(path):
    """{relative path: bytes} of a bundle, without its top directory."""
    files = {}
    if os.path.isdir(path):
        for root, _, names in os.walk(path):
            for name in names:
                full = os.path.join(root, name)
                with open(full, "rb") as f:
                    files[os.path.relpath(full, path).replace(os.sep, "/")] = f.read()
        return files
    with tarfile.open(path, "r:gz") as tar:
        for member in tar.getmembers():
            if member.isdir():
                continue
            if not member.isfile():
                raise ValueError("%s: not a regular file in a bundle" % member.name)
            name = member.name.split("/", 1)[1] if "/" in member.name else member.name
            files[name] = tar.extractfile(member).read()
    return files


def parse_manifest(text):
    entries = {}
    for line in text.splitlines():
        if line.strip():
            digest, name = line.split(None, 1)
            entries[name.strip()] = digest.lower()
    return entries


def check_bundle(path):
    files = read_bundle(path)
    problems = []

    def problem(name, reason):
        problems.append({"file": name, "reason": reason})
    for required in ("bagit.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt", "data/chain.json"):
        if required not in files:
            problem(required, "missing")
    if problems:
        return {"files": len(files), "items": 0, "problems": problems}
    for name, digest in parse_manifest(files["tagmanifest-sha256.txt"].decode("utf-8")).items():
        if name not in files:
            problem(name, "missing (listed in tagmanifest-sha256.txt)")
        elif sha256_hex(files[name]) != digest:
            problem(name, "changed: SHA-256 is %s, tagmanifest-sha256.txt records %s" % (sha256_hex(files[name]), digest))
    payload = parse_manifest(files["manifest-sha256.txt"].decode("utf-8"))
    for name, digest in payload.items():
        if name not in files:
            problem(name, "missing (listed in manifest-sha256.txt)")
        elif sha256_hex(files[name]) != digest:
            problem(name, "changed: SHA-256 is %s, manifest-sha256.txt records %s" % (sha256_hex(files[name]), digest))
    for name in sorted(files):
        if name.startswith("data/") and name not in payload:
            problem(name, "not listed in manifest-sha256.txt (added)")
    chain = json.loads(files["data/chain.json"].decode("utf-8"))
    for item in chain.get("items", []):
        name = item.get("file")
        link = chain_link(item["prev_hash"], item["sha256"], item["metadata"])
        if link != item["chain_hash"]:
            problem("data/chain.json", "%s: chain hash does not match its metadata, previous hash and SHA-256" % item["id"])
        meta = json.loads(item["metadata"])
        if meta.get("id") != item["id"] or meta.get("size") != str(item["size"]):
            problem("data/chain.json", "%s: metadata names another item or size" % item["id"])
        if item.get("content_removed_at"):
            continue
        if name not in files:
            problem(name or item["id"], "missing (evidence %s)" % item["id"])
        elif sha256_hex(files[name]) != item["sha256"]:
            problem(name, "changed: SHA-256 is %s, the evidence chain records %s for %s" % (sha256_hex(files[name]), item["sha256"], item["id"]))
    return {"files": len(files), "items": len(chain.get("items", [])), "problems": problems}


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    as_json = "--json" in argv
    bundle = "--bundle" in argv
    if len(args) != 1:
        sys.stderr.write(__doc__)
        return 2
    try:
        result = check_bundle(args[0]) if bundle else check_archive(args[0])
    except (OSError, ValueError, KeyError, sqlite3.Error, tarfile.TarError, json.JSONDecodeError) as error:
        sys.stderr.write("cannot check %s: %s\n" % (args[0], error))
        return 2
    failed = bool(result["problems"]) or (not bundle and result["integrity"] != "ok")
    if as_json:
        print(json.dumps(result, sort_keys=True))
    elif bundle:
        for p in result["problems"]:
            print("CHANGED %s: %s" % (p["file"], p["reason"]))
        if not failed:
            print("ok: %d file(s) and %d evidence chain link(s) match" % (result["files"], result["items"]))
    else:
        for p in result["problems"]:
            incident = " (incident %s)" % p["incident"] if p["incident"] else ""
            print("CHANGED %s%s: %s" % (p["item"], incident, p["reason"]))
        if result["integrity"] != "ok":
            print("SQLite integrity_check: %s" % result["integrity"])
        if not failed:
            print("ok: %d evidence item(s) and %d capture manifest(s) verified; %d with content removed by retention; chain head seq %d %s"
                  % (result["items"], result["captures"], result["content_removed"], result["chain_head"]["seq"], result["chain_head"]["hash"]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
