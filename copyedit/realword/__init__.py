"""Real-word errors: a correctly spelt word that is the wrong word ("vessel" for "vassal").

Two parts: curated confusion sets with context cues (``confusables``, from the YAML in
``rules/confusables/`` and LanguageTool's ``wrongWordInContext.txt``) and a statistical
context model (``context``) over offline word-pair counts (``ngram``).
"""
