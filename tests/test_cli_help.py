"""Every command's help: an example that really parses, today's options all present, defaults stated truly."""

import re
import shlex
from importlib.metadata import version

import click
import pytest
from click.testing import CliRunner

from flows.cli import cli


def all_commands(group=cli, path=()):
    """``(path, command)`` for the root, every command and every subcommand."""
    yield path, group
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from all_commands(command, (*path, name))
        else:
            yield (*path, name), command


COMMANDS = dict(all_commands())


def help_of(path) -> str:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def examples(path) -> list[list[str]]:
    """The example invocations the help prints (the lines of its Example block)."""
    block = help_of(path).split("\n  Example:\n", 1)[1].split("\n\n", 1)[0]
    return [shlex.split(line) for line in block.splitlines()]


@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda path: " ".join(path) or "trials")
def test_every_command_has_help_with_an_example_that_parses(path):
    text = help_of(path)
    assert text.startswith(f"Usage: {' '.join(['trials', *path])} ")
    summary = text.split("\n\n")[1].strip()
    assert len(summary) > 20 and summary[0].isupper()  # a sentence, not an empty docstring
    found = examples(path)
    assert found, text
    for example in found:
        assert example[0] == "trials", example
        command, args = cli, example[1:]
        while isinstance(command, click.Group):  # walk down to the leaf command the example runs
            name, *args = args
            command = command.commands[name]
        assert isinstance(command, click.Command)
        command.make_context(name, args)  # raises on an unknown option or a bad value
        if path:
            assert example[1 : 1 + len(path)] == list(path), example  # a command's example runs that command


# The argparse command line this replaced: every command and option must still be there.
BEFORE = {
    ("ingest",): {"--db", "--full-refresh", "--verify", "--batch-size", "--task-runner", "--dask-address", "--verbose"},
    ("sync",): {"--query", "--since", "--until", "--db", "--base-url", "--min-interval", "--verbose"},
    ("backfill",): {
        "--since",
        "--until",
        "--window-days",
        "--query",
        "--db",
        "--base-url",
        "--min-interval",
        "--verbose",
    },
    ("reparse",): {"--db", "--verbose"},
    ("status",): {"--db"},
    ("export",): {"--db", "--format"},
    ("check",): {"--db"},
    ("sql",): {"--file", "--db", "--format"},
    ("report",): {"--db", "--out", "--where"},
    ("sources",): {"--db", "--format"},
    ("history",): {"--db", "--format"},
    ("server", "start"): {"--db", "--port"},
    ("server", "stop"): {"--db"},
    ("server", "status"): {"--db"},
    (): {"--version"},
}


def test_every_command_and_option_of_the_argparse_version_is_kept():
    for path, options in BEFORE.items():
        declared = {name for param in COMMANDS[path].params for name in param.opts}
        assert options <= declared, (path, options - declared)
    assert {c.name for c in cli.commands.values()} == {path[0] for path in BEFORE if path}


def test_output_formats_are_declared_once_and_match_the_exporter():
    from flows.cli_options import EXPORT_FORMATS
    from warehouse.export import FORMATS

    assert EXPORT_FORMATS == tuple(FORMATS)
    for path in (("sql",), ("sources",), ("history",)):
        assert "--format [table|csv|json]" in help_of(path)


def test_the_defaults_the_help_states_are_the_flows_own():
    from flows.backfill import DEFAULT_WINDOW_DAYS
    from flows.config import DB_ENV, DEFAULT_DB
    from flows.ingest import DEFAULT_BATCH_SIZE
    from flows.sync import DEFAULT_QUERY
    from tasks.ctgov_api import ClientSettings

    def flat(path):  # the help with its wrapped lines joined
        return re.sub(r"\s+", " ", help_of(path))

    assert f"(default: {DEFAULT_BATCH_SIZE})" in flat(("ingest",))
    assert f"(default: {DEFAULT_WINDOW_DAYS})" in flat(("backfill",))
    for path in (("sync",), ("backfill",)):
        assert f"(default: {DEFAULT_QUERY})" in flat(path)
        assert f"(default: {ClientSettings().min_interval:g})" in flat(path)
    for path in COMMANDS:
        if any("--db" in param.opts for param in COMMANDS[path].params):
            assert f"(default: ${DB_ENV}, else ./{DEFAULT_DB})" in flat(path), path


def test_version_names_the_package_the_parsers_and_the_schema():
    from tasks.parsers import PARSER_VERSION
    from warehouse.schema import SCHEMA_VERSION

    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert (
        result.stdout == f"trials {version('trials-warehouse')} (parsers {PARSER_VERSION}, schema {SCHEMA_VERSION})\n"
    )


def test_the_report_command_lists_as_many_trials_as_the_report_does_by_default():
    from flows.cli_options import LISTED_TRIALS as COMMAND_DEFAULT
    from warehouse.landscape import LISTED_TRIALS

    assert COMMAND_DEFAULT == LISTED_TRIALS
