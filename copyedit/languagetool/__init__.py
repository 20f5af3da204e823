"""LanguageTool support: install it (install.py), run a local server (server.py,
supervisor.py), talk to it (client.py), cache its answers per paragraph (cache.py) and
read its settings (settings.py). The engine itself is ``copyedit.engines.languagetool``.
"""
