#!/usr/bin/env python3
"""Checks the Helix and Zed snippets in editors/README.md, which no real client here can load.

The Helix block must be valid TOML that runs `copydesk lsp` for Markdown and plain text; the
Zed block must be valid JSON naming the same command. (The Emacs block is loaded by the eglot
test itself, and the Neovim files are the plugin the Neovim tests use.)
usage: snippets.py REPO
"""

import json
import pathlib
import re
import sys
import tomllib


def blocks(readme: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", readme, flags=re.S | re.M)


def helix(readme: str) -> None:
    (block,) = blocks(readme, "toml")
    config = tomllib.loads(block)
    server = config["language-server"]["copydesk"]
    assert server == {"command": "copydesk", "args": ["lsp"]}, server
    languages = {language["name"]: language for language in config["language"]}
    for name in ("markdown", "text"):
        assert "copydesk" in languages[name]["language-servers"], name
    assert languages["text"]["file-types"] == ["txt"]


def zed(readme: str) -> None:
    (block,) = blocks(readme, "json")
    config = json.loads(block)
    assert config["lsp"]["copydesk"]["binary"]["arguments"] == ["lsp"]
    for language in ("Markdown", "Plain Text"):
        assert "copydesk" in config["languages"][language]["language_servers"], language


def main() -> int:
    readme = (pathlib.Path(sys.argv[1]) / "editors" / "README.md").read_text(encoding="utf-8")
    failed = 0
    for name, check in (("Helix languages.toml snippet", helix), ("Zed settings.json snippet", zed)):
        try:
            check(readme)
            print(f"ok - snippets: {name}")
        except Exception as error:  # any failure of the check is reported, not raised
            failed += 1
            print(f"not ok - snippets: {name}: {type(error).__name__}: {error}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
