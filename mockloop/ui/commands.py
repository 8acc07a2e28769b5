"""Keys and commands. The help page and the command palette read the screens' own bindings (so
they cannot go stale); the palette also offers what has no key: a set on any leadership
principle or category, any question of the bank by its words, and the other screens."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.css.query import NoMatches
from textual.markup import escape
from textual.message import Message

from mockloop.core.bank.draw import QuestionFilter
from mockloop.core.bank.questions import CATEGORIES, LEADERSHIP_PRINCIPLES
from mockloop.ui.dialogs.help import HelpSection
from mockloop.ui.messages import PracticeRequested, ScreenRequested, SetRequested
from mockloop.ui.places import HELP_SCREENS, PLACES, screen_class

if TYPE_CHECKING:
    from mockloop.ui.app import MockloopApp


def help_sections(app: MockloopApp) -> list[HelpSection]:
    anywhere = [*app.BINDINGS, Binding("ctrl+p", "command_palette", "command palette")]
    return [
        *((title, screen_class(dotted).BINDINGS) for title, dotted in HELP_SCREENS),
        ("Anywhere", anywhere),
    ]


class ScreenKeys(Provider):
    """The current screen's keys, by name."""

    def _actions(self) -> list[tuple[str, str, str]]:
        screen = self.screen
        found = []
        for binding in [*screen.BINDINGS, *self.app.BINDINGS]:
            if isinstance(binding, tuple) or not binding.description:
                continue
            key = binding.key_display or binding.key.split(",")[0]
            found.append((binding.description, key, binding.action))
        return found

    def _run(self, action: str) -> None:
        target = self.screen if not action.startswith("app.") else self.app
        self.app.call_later(target.run_action, action.removeprefix("app."))

    async def discover(self) -> Hits:
        for description, key, action in self._actions():
            yield DiscoveryHit(f"{description} ({key})", partial(self._run, action))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, key, action in self._actions():
            label = f"{description} ({key})"
            if (score := matcher.match(label)) > 0:
                yield Hit(score, matcher.highlight(label), partial(self._run, action))


class PracticeCommands(Provider):
    """What to practise, and where to go, from anywhere outside an answer."""

    def _commands(self) -> list[tuple[str, Callable[[], Message]]]:
        app: MockloopApp = self.app  # type: ignore[assignment]
        found: list[tuple[str, Callable[[], Message]]] = [
            ("Practise a mixed set", SetRequested),
            (
                "Mock loop: resume one, start one, or read a report",
                partial(ScreenRequested, "loop"),
            ),
            *(
                (f"Open {p.name}", partial(ScreenRequested, p.name))
                for p in sorted(PLACES, key=lambda p: p.name)
                if p.screen is not None
            ),
            *(
                (f"Practise a set on {p}", partial(SetRequested, QuestionFilter(principle=p)))
                for p in LEADERSHIP_PRINCIPLES
            ),
            *(
                (
                    f"Practise a set of {c} questions",
                    partial(SetRequested, QuestionFilter(category=c)),
                )
                for c in CATEGORIES
            ),
            *(
                (f"Practise: {q.prompt}", partial(PracticeRequested, [q], "single"))
                for q in app.cases.bank.questions
            ),
        ]
        return found

    def _post(self, make: Callable[[], Message]) -> None:
        self.app.post_message(make())

    async def discover(self) -> Hits:
        for label, make in self._commands()[:6]:
            yield DiscoveryHit(label, partial(self._post, make))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, make in self._commands():
            if (score := matcher.match(label)) > 0:
                # A prompt comes from a question file: never markup.
                shown = matcher.highlight(escape(label))
                yield Hit(score, shown, partial(self._post, make), text=label)


class Palette(CommandPalette):
    """Textual's palette, minus the races a random-key run through a real terminal finds,
    each of which ended the app: a search still running when the palette closes shows its
    late results, or starts, after the list is gone (NoMatches); a page key reaches the list
    before it is laid out (KeyError). Results for a closed palette are dropped, and such a
    key does nothing."""

    def _watch__list_visible(self) -> None:
        with contextlib.suppress(NoMatches):  # closed: no list to show them in
            super()._watch__list_visible()

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        # Textual's own search, undecorated (its @work keeps it as __wrapped__), run in this
        # worker; a Textual without it gets its own search back, race and all.
        gather = getattr(CommandPalette._gather_commands, "__wrapped__", None)
        if gather is None:
            CommandPalette._gather_commands(self, search_value)
            return
        with contextlib.suppress(NoMatches):  # closed before or while it searched
            await gather(self, search_value)

    def _action_command_list(self, action: str) -> None:
        with contextlib.suppress(NoMatches, KeyError):  # gone, or not laid out yet
            super()._action_command_list(action)
