"""copyedit's own grammar engine: rules over a part-of-speech and dependency parse
(spaCy's small English pipeline, installed as a package) for the slips LanguageTool
lets through: its/it's, subject-verb agreement, determiner-noun agreement, verb forms
after modals, auxiliaries and "to", and capitals. Precision first: each rule fires only
where the parse and the word lists leave no reasonable reading of the draft as written.
"""
