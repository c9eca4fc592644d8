"""Auditing a run and authoring rules: diff, explain, report, rules check/test/list/suggest."""
