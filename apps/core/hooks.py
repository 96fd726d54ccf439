"""Hooks: the one way an app lets the apps above it (README, Layout) plug in, without importing them.

The lower app declares a ``Hook`` typed with what it will call; each higher app registers its
implementation in its ``AppConfig.ready``. A required hook nothing registered on stops start-up
(system check ``core.E001``), so a missing registration fails ``manage.py check`` and every deployment
rather than the first patient it matters to.

    # booking/gates.py (lower)                # care/apps.py (higher), in ready()
    pathway_gates: Hook[Gate] = Hook(         pathway_gates.register(care_booking_gate)
        "booking.pathway_gates", required=True)
    for gate in pathway_gates.all(): ...

Implementations are told apart by key: a keyed hook looks one up (``get``), the others use the
implementation's qualified name."""

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Generic, TypeVar

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")

_declared: list["Hook"] = []


class Hook(Generic[T]):
    def __init__(self, name: str, *, required: bool = False, single: bool = False) -> None:
        """``required``: start-up fails without an implementation. ``single``: at most one."""
        self.name, self.required, self.single = name, required, single
        self._implementations: dict[str, T] = {}
        _declared.append(self)

    def register(self, implementation: T, *, key: str | None = None) -> T:
        """Add ``implementation`` (again: replaced, as when ``ready`` runs twice). Two implementations of
        one key, or a second one of a ``single`` hook, is a mistake that stops start-up."""
        name = key or _qualified_name(implementation)
        claimed = self._implementations.get(name)
        if key is not None and claimed is not None and claimed != implementation:
            raise ImproperlyConfigured(f"Hook {self.name}: {key!r} is already registered.")
        if self.single and self._implementations and name not in self._implementations:
            raise ImproperlyConfigured(f"Hook {self.name} takes one implementation.")
        self._implementations[name] = implementation
        return implementation

    def all(self) -> list[T]:
        """Every implementation, in the order they were registered."""
        return list(self._implementations.values())

    def get(self, key: str) -> T | None:
        return self._implementations.get(key)

    def items(self) -> list[tuple[str, T]]:
        """Each implementation with its key, in the order they were registered."""
        return list(self._implementations.items())

    def one(self) -> T | None:
        """The implementation of a ``single`` hook, if any registered."""
        return next(iter(self._implementations.values()), None)

    @contextmanager
    def replaced(self, implementations: Mapping[str, T] | Iterable[T] = ()) -> Iterator[None]:
        """Only ``implementations`` for the duration (tests that leave out another app's part)."""
        saved = self._implementations
        if isinstance(implementations, Mapping):
            self._implementations = dict(implementations)
        else:
            self._implementations = {_qualified_name(each): each for each in implementations}
        try:
            yield
        finally:
            self._implementations = saved


def _qualified_name(implementation: object) -> str:
    named = implementation if hasattr(implementation, "__qualname__") else type(implementation)
    return f"{named.__module__}.{named.__qualname__}"


@register()
def required_hooks_are_implemented(app_configs, **kwargs) -> list[Error]:
    return [
        Error(f"Nothing is registered on the required hook {hook.name}.", id="core.E001")
        for hook in _declared
        if hook.required and not hook._implementations
    ]
