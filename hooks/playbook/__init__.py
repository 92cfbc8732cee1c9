"""The LinkedIn playbook's Python: plain functions used by the MkDocs hooks and the `playbook` CLI.

Nothing here holds content: pages, messages, checklists, rules and the glossary are Markdown and
YAML files that consultants edit. This package reads, checks and renders them.
"""
