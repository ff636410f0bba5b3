#!/usr/bin/python3
"""docs/scenario.schema.json against the registry and the scenarios.

1. The committed schema is what `spsim reference --json-schema` writes now (else it is stale:
   tools/update-scenario-docs.sh regenerates it).
2. Every registry key has a place in the schema, with its description, unit and source.
3. Every scenarios/*.yaml file, and a scenario `spsim new` writes, is valid under the schema
   (python3-jsonschema, Debian), while a misspelt key, a value out of range, a wrong choice and
   a missing required key are each refused, so the schema is not vacuous.

usage: schema_check.py SPSIM SOURCE_DIR WORK_DIR"""

import copy
import glob
import json
import os
import re
import subprocess
import sys

import jsonschema
import yaml

spsim, top, work = sys.argv[1:4]
failed = 0


def check(condition, what):
    global failed
    if not condition:
        failed += 1
        print(f"FAILED: {what}")


class KeepDates(yaml.SafeLoader):
    """YAML as an editor's language server reads it for a schema: a date stays text."""


KeepDates.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def load_yaml(path):
    with open(path) as f:
        return yaml.load(f, Loader=KeepDates)


generated = json.loads(subprocess.run([spsim, "reference", "--json-schema"], check=True,
                                      capture_output=True, text=True).stdout)
with open(os.path.join(top, "docs", "scenario.schema.json")) as f:
    committed = json.load(f)
check(committed == generated,
      "docs/scenario.schema.json is stale: run tools/update-scenario-docs.sh")
jsonschema.Draft202012Validator.check_schema(generated)
schema = generated


def node_at(path):
    """The schema of a registry path; NAME is any name of a named map."""
    node = schema
    for part in path.split("."):
        if part == "NAME":
            node = node.get("additionalProperties")
        else:
            node = node.get("properties", {}).get(part)
        if not isinstance(node, dict):
            return None
    return node


markdown = subprocess.run([spsim, "reference", "--markdown"], check=True, capture_output=True,
                          text=True).stdout
keys = re.findall(r"^\| `([^`]+)`( \(per locality\))? \|", markdown, re.M)
check(len(keys) > 100, f"the reference lists the registry's keys ({len(keys)})")
for key, per_locality in keys:
    node = node_at(key)
    check(node is not None, f"registry key {key} is in the schema")
    if node is not None and key not in ("include", "correlations"):
        check("x-unit" in node and "x-source" in node and node.get("description"),
              f"{key} has a description, unit and source in the schema")
    if per_locality:
        section, leaf = key.split(".", 1)
        check(node_at(f"localities.NAME.{section}.{leaf}") is not None,
              f"{key} may be set per locality in the schema")
    if key != "arms" and not key.startswith("arms.") and node is not None:
        pass
check(node_at("link_workers.capacity").get("enum") == ["caseload", "contact_time"],
      "choice values are enums")
check(node_at("arms.NAME.referral.base_rate_per_1000_per_year") is not None,
      "an arm may override a key an arm may override")
check(node_at("arms.NAME.seed") is None, "an arm may not set a key it cannot override")

validator = jsonschema.Draft202012Validator(schema)


def errors(doc):
    return [e.message for e in validator.iter_errors(doc)]


scenarios = sorted(glob.glob(os.path.join(top, "scenarios", "*.yaml")))
check(len(scenarios) >= 3, f"scenarios/*.yaml found ({len(scenarios)})")
for path in scenarios:
    found = errors(load_yaml(path))
    check(not found, f"{os.path.basename(path)} is valid under the schema: {found[:3]}")

os.makedirs(work, exist_ok=True)
new = os.path.join(work, "schema_new.yaml")
subprocess.run([spsim, "new", "schema_new", "--localities",
                os.path.join(top, "scenarios", "places-example.csv"), "--start-date",
                "2026-04-01", "-o", new, "--force"], check=True, capture_output=True)
found = errors(load_yaml(new))
check(not found, f"the scenario spsim new writes is valid under the schema: {found[:3]}")

somerset = load_yaml(os.path.join(top, "scenarios", "somerset.yaml"))
bad = copy.deepcopy(somerset)
bad["referral"]["base_rate_per_1000_per_yaer"] = 22.5
check(errors(bad), "a misspelt key is refused")
bad = copy.deepcopy(somerset)
bad["horizon_years"] = 70
check(errors(bad), "a value above its range is refused")
bad = copy.deepcopy(somerset)
bad["link_workers"]["capacity"] = "caseloads"
check(errors(bad), "a choice not among the choices is refused")
bad = copy.deepcopy(somerset)
del bad["start_date"]
check(errors(bad), "a missing required key is refused")
bad = copy.deepcopy(somerset)
bad["arms"]["blanket"]["seed"] = 3
check(errors(bad), "a key an arm cannot override is refused in an arm")
good = copy.deepcopy(somerset)
good["uptake"]["probability"] = {"dist": "beta", "mean": 0.89, "sd": 0.031}
check(not errors(good), "a number written as a distribution is accepted")

print("schema check: " + ("ok" if not failed else f"{failed} failed"))
sys.exit(1 if failed else 0)
