"""Prints the counts of each Autobahn|Testsuite verdict per case group from a fuzzingclient index.json,
then every case that is not OK, NON-STRICT or INFORMATIONAL. Exits 1 if there is any such case."""
import json
import sys
from collections import Counter, defaultdict

ACCEPTED = {"OK", "NON-STRICT", "INFORMATIONAL"}
COLUMNS = ["OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "FAILED"]

with open(sys.argv[1], encoding="utf-8") as f:
    index = json.load(f)


def case_key(case_id):
    return [int(part) for part in case_id.split(".")]


bad = []
for agent, cases in index.items():
    groups = defaultdict(Counter)
    for case_id, result in cases.items():
        verdict = result["behavior"]
        close = result.get("behaviorClose", "OK")
        # A case passes only if both the exchange and the closing handshake are acceptable.
        if verdict in ACCEPTED and close not in ACCEPTED:
            verdict = "FAILED"
        groups[case_id.split(".")[0]][verdict if verdict in COLUMNS else "FAILED"] += 1
        if verdict not in ACCEPTED:
            bad.append((agent, case_id, result["behavior"], close, result.get("remoteCloseCode")))

    print(f"{agent}")
    print("group  " + "  ".join(f"{c:>13}" for c in COLUMNS) + "  total")
    total = Counter()
    for group in sorted(groups, key=int):
        counts = groups[group]
        total.update(counts)
        print(f"{group:>5}  " + "  ".join(f"{counts[c]:>13}" for c in COLUMNS) + f"  {sum(counts.values()):>5}")
    print("  all  " + "  ".join(f"{total[c]:>13}" for c in COLUMNS) + f"  {sum(total.values()):>5}")

for agent, case_id, behavior, close, code in sorted(bad, key=lambda b: case_key(b[1])):
    print(f"not passed: {case_id} behavior={behavior} close={close} remoteCloseCode={code}")

sys.exit(1 if bad else 0)
