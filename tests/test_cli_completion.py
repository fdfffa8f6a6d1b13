"""``conflict-events completion bash|zsh``: scripts generated from the parser, checked by the shells."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conflict_events.cli import build_parser, main

BASH = shutil.which("bash")
ZSH = shutil.which("zsh")
#: The metavars of the arguments that name files (see `conflict_events.commands.completion`).
FILE_METAVARS = {"PATH", "IN", "OUT", "FILE"}


def _program() -> list[str]:
    """The installed ``conflict-events`` script next to this Python, else ``python -m``."""
    script = Path(sys.executable).with_name("conflict-events")
    return [str(script)] if script.exists() else [sys.executable, "-m", "conflict_events"]


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    """Every subcommand's parser, by name, as the command line builds them."""
    parser = build_parser()
    (action,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _options(parser: argparse.ArgumentParser) -> set[str]:
    """Every option string of *parser* that its help shows."""
    return {
        option
        for action in parser._actions
        if action.help != argparse.SUPPRESS
        for option in action.option_strings
    }


@pytest.fixture(scope="module")
def scripts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bash and zsh scripts, as ``conflict-events completion SHELL`` prints them."""
    folder = tmp_path_factory.mktemp("completion")
    found = {}
    for shell in ("bash", "zsh"):
        result = subprocess.run(
            [*_program(), "completion", shell], capture_output=True, text=True, check=False
        )
        assert (result.returncode, result.stderr) == (0, "")
        found[shell] = folder / f"conflict-events.{shell}"
        found[shell].write_text(result.stdout, encoding="utf-8")
    return found


def _complete(script: Path, words: list[str], cwd: Path | None = None) -> list[str]:
    """What bash offers for the last of *words*, with *script* sourced (as from ~/.bashrc)."""
    assert BASH is not None
    words_text = " ".join(f"'{word}'" for word in words)
    program = f"""
        source '{script}'
        function=$(complete -p conflict-events | sed -E 's/.* -F ([^ ]+).*/\\1/')
        COMP_WORDS=({words_text})
        COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
        COMP_LINE="${{COMP_WORDS[*]}}"
        COMP_POINT=${{#COMP_LINE}}
        "$function" conflict-events "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
        printf '%s\\n' "${{COMPREPLY[@]}}"
    """
    result = subprocess.run(
        [BASH, "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )
    assert (result.returncode, result.stderr) == (0, "")
    return [line for line in result.stdout.splitlines() if line]


def test_the_parser_has_the_completion_command() -> None:
    """The completion command is registered with the others, and takes bash or zsh."""
    completion = _subcommands()["completion"]
    (shell,) = (a for a in completion._actions if a.dest == "shell")
    assert list(shell.choices or ()) == ["bash", "zsh"]


def test_an_unknown_shell_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A shell it cannot write for is refused by the parser: exit 2, nothing printed."""
    assert main(["completion", "fish"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "invalid choice: 'fish'" in captured.err


def test_without_shtab_the_error_names_the_extra() -> None:
    """Without shtab: one error line naming the extra to install, exit 1 as for every extra."""
    code = (
        "import sys; sys.modules['shtab'] = None; "
        "from conflict_events.cli import main; sys.exit(main(['completion', 'bash']))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error: shell completion needs shtab: pip install 'conflict-events[completion]'\n"
    )


def test_output_file_gets_the_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``-o FILE`` writes the script to FILE (as to a directory of zsh's fpath)."""
    target = tmp_path / "_conflict-events"
    assert main(["completion", "zsh", "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert target.read_text(encoding="utf-8").startswith("#compdef conflict-events\n")


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
def test_bash_accepts_the_script(scripts: dict[str, Path]) -> None:
    """``bash -n`` parses the bash script."""
    assert BASH is not None
    result = subprocess.run([BASH, "-n", str(scripts["bash"])], capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "")


def test_the_bash_script_names_every_subcommand_and_option(scripts: dict[str, Path]) -> None:
    """Each subcommand and each of its options is in the script's text (timeline's --location)."""
    text = scripts["bash"].read_text(encoding="utf-8")
    subcommands = _subcommands()
    (listed,) = re.findall(r"^_shtab_conflict_events_subparsers=\((.*)\)$", text, re.MULTILINE)
    assert set(listed.split()) == set(subcommands)
    for name, parser in subcommands.items():
        pattern = rf"^_shtab_conflict_events_{name}_option_strings=\((.*)\)$"
        (options,) = re.findall(pattern, text, re.MULTILINE)
        assert set(options.split()) == _options(parser), name
    assert "--location" in _options(subcommands["timeline"])


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
def test_bash_completes_a_subcommand(scripts: dict[str, Path]) -> None:
    """``conflict-events ti<TAB>`` offers timeline, and nothing else."""
    assert _complete(scripts["bash"], ["conflict-events", "ti"]) == ["timeline"]
    assert set(_complete(scripts["bash"], ["conflict-events", ""])) == set(_subcommands())


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
def test_bash_completes_every_option_of_every_subcommand(scripts: dict[str, Path]) -> None:
    """``conflict-events NAME -<TAB>`` offers exactly the options of NAME's parser."""
    for name, parser in _subcommands().items():
        offered = _complete(scripts["bash"], ["conflict-events", name, "-"])
        assert set(offered) == _options(parser), name
    assert _complete(scripts["bash"], ["conflict-events", "timeline", "--lo"]) == ["--location"]


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
def test_bash_completes_choices_and_file_names(scripts: dict[str, Path], tmp_path: Path) -> None:
    """An option's choices come from the parser; a PATH completes the file names there."""
    parser = _subcommands()["convert"]
    (to,) = (a for a in parser._actions if "--to" in a.option_strings)
    words = ["conflict-events", "convert", "in.json", "--to", ""]
    assert _complete(scripts["bash"], words) == list(to.choices or ())
    (tmp_path / "events.json").write_text("{}", encoding="utf-8")
    (tmp_path / "other.csv").write_text("", encoding="utf-8")
    offered = _complete(scripts["bash"], ["conflict-events", "validate", "ev"], cwd=tmp_path)
    assert offered == ["events.json"]


def _zsh_specs(text: str, name: str) -> list[str]:
    """The argument specs of subcommand *name* in the zsh script, one per line."""
    (block,) = re.findall(
        rf"^_shtab_conflict_events_{name}_options=\(\n(.*?)^\)$", text, re.MULTILINE | re.DOTALL
    )
    return [line.strip() for line in block.splitlines() if line.strip()]


def _zsh_spec_options(spec: str) -> set[str]:
    """The option strings a zsh spec completes: those before its description, past exclusions."""
    if spec.startswith('":'):
        return set()  # a positional argument
    head = re.sub(r'^"\([^)]*\)"', "", spec).split("[", 1)[0]
    return set(re.findall(r"--?[A-Za-z][\w-]*", head))


def test_the_zsh_script_names_every_subcommand_and_option(scripts: dict[str, Path]) -> None:
    """Each subcommand is listed with its help line; its options have specs, its files ``_files``."""
    text = scripts["zsh"].read_text(encoding="utf-8")
    assert text.startswith("#compdef conflict-events\n")
    assert "compdef _shtab_conflict_events -N conflict-events" in text
    (commands,) = re.findall(r"local _commands=\(\n(.*?)\n\s*\)", text, re.DOTALL)
    listed = {line.strip().split(":", 1)[0] for line in commands.splitlines()}
    subcommands = _subcommands()
    assert listed == set(subcommands)
    assert "timeline:'who controlled what, when (the built-in example without PATH)'" in text
    for name, parser in subcommands.items():
        specs = _zsh_specs(text, name)
        assert set().union(*map(_zsh_spec_options, specs)) == _options(parser), name
        files = [a for a in parser._actions if a.metavar in FILE_METAVARS]
        assert len([spec for spec in specs if spec.endswith(':_files"')]) == len(files), name


@pytest.mark.skipif(ZSH is None, reason="zsh is not installed; its script's text is checked above")
def test_zsh_loads_the_script(scripts: dict[str, Path], tmp_path: Path) -> None:
    """
    ``zsh -n`` parses the script, and compinit takes it for conflict-events.

    Both ways docs/cli.md gives: saved as ``_conflict-events`` in a directory
    of fpath, or ``eval "$(conflict-events completion zsh)"`` after compinit.
    """
    assert ZSH is not None
    result = subprocess.run([ZSH, "-n", str(scripts["zsh"])], capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "")
    functions = tmp_path / "functions"
    functions.mkdir()
    shutil.copy(scripts["zsh"], functions / "_conflict-events")
    start = "autoload -U compinit && compinit -u -D"
    ways = {
        f"fpath=('{functions}' $fpath); {start}": "_conflict-events",
        f"{start}; eval \"$(<'{scripts['zsh']}')\"": "_shtab_conflict_events",
    }
    for setup, function in ways.items():
        program = f'{setup}; print -r -- "$_comps[conflict-events]"'
        result = subprocess.run(
            [ZSH, "-f", "-c", program],
            capture_output=True,
            text=True,
            check=False,
            env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        )
        assert (result.returncode, result.stderr, result.stdout) == (0, "", f"{function}\n")
