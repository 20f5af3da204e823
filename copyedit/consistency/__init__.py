"""Consistency checks: one draft, one way of writing each thing.

Discovery needs no list: the forms a draft itself uses are compared (case, hyphenation,
US/UK spelling, numbers, quotation marks and dashes, name forms, abbreviations). A
publication's house style, kept as YAML term lists (``*.terms.yml``), picks the form
to unify on; without one, the first or the majority form wins (``[consistency] prefer``).
"""
