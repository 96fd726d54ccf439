"""Every call to action in a message leads to a screen that exists: each link a message is planned
with (the ``path`` of its context, and its reading link) is matched against the SPA's routes, and the
templates hold no link of their own (only ``{{ action_url }}`` and the like, made from those paths)."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINK_NAMES = {"path", "reading_path"}
CONSOLE = "/clinic/:clinicSlug"


def spa_routes() -> list[str]:
    paths = (ROOT / "frontend/src/app/paths.ts").read_text()
    routes = re.findall(r"^\s+\w+: '(/[^']*)',", paths, flags=re.MULTILINE)
    console = (ROOT / "frontend/src/features/console/ConsoleRoutes.tsx").read_text()
    routes += [f"{CONSOLE}/{child}" for child in re.findall(r'<Route path="([\w:/-]+)"', console)]
    return [*routes, CONSOLE]


def _as_pattern(node, constants) -> str | None:
    """A link as a route pattern: each value formatted into it becomes a parameter."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else ":param" for part in node.values)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        template = constants.get(getattr(node.func.value, "id", ""))
        return re.sub(r"{\w+}", ":param", template) if template else None
    return None


def planned_links() -> list[tuple[str, str]]:
    links = []
    for source in (ROOT / "apps").rglob("*.py"):
        tree = ast.parse(source.read_text())
        constants = {
            target.id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            for target in node.targets
            if isinstance(target, ast.Name) and isinstance(node.value.value, str)
        }
        for node in ast.walk(tree):
            pairs = []
            if isinstance(node, ast.Dict):
                pairs = [
                    (key.value, value)
                    for key, value in zip(node.keys, node.values, strict=True)
                    if isinstance(key, ast.Constant)
                ]
            elif isinstance(node, ast.Call):
                pairs = [(keyword.arg, keyword.value) for keyword in node.keywords]
            for name, value in pairs:
                pattern = _as_pattern(value, constants) if name in LINK_NAMES else None
                if pattern is not None and pattern.startswith("/"):
                    links.append((f"{source.relative_to(ROOT)}:{value.lineno}", pattern))
    return links


def leads_somewhere(link: str, routes: list[str]) -> bool:
    parts = link.split("?")[0].rstrip("/").split("/")
    for route in routes:
        pattern = route.rstrip("/").split("/")
        if pattern[-1] == "*":
            pattern, parts_here = pattern[:-1], parts[: len(pattern) - 1]
        else:
            parts_here = parts
        if len(pattern) == len(parts_here) and all(
            want.startswith(":") or want == got for want, got in zip(pattern, parts_here, strict=True)
        ):
            return True
    return False


LINKS = planned_links()


def test_the_messages_are_planned_with_links():
    assert len(LINKS) >= 6


@pytest.mark.parametrize(("where", "link"), LINKS, ids=[where for where, _ in LINKS])
def test_every_link_a_message_is_planned_with_is_a_screen_of_the_portal(where, link):
    assert leads_somewhere(link, spa_routes()), f"{where}: {link} is no route of the SPA"


def test_no_template_holds_a_link_of_its_own():
    templates = (ROOT / "apps").glob("*/templates/reminders/**/*.txt")
    literal = re.compile(r"https?://|(?<![{\w])/(?:appointments|clinic|library|account|notifications)\b")
    offenders = [str(path.relative_to(ROOT)) for path in templates if literal.search(path.read_text())]
    assert offenders == []
