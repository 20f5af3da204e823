"""Word .docx drafts: checks before parsing (``safety``), reading them for checking
(``reader``), writing edits back as tracked changes and comments (``writer``). The format
plug-in that ties them to the command line is ``copyedit.formats.docx``."""
