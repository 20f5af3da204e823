"""LanguageTool support: install it (install.py), run a local server (server.py,
supervisor.py), talk to it (client.py, over transport.py's bounded HTTP), cache its answers per paragraph (cache.py),
read its settings (settings.py) and its English data files from the jar (data.py). The engine itself is ``copyedit.engines.languagetool``.
"""
