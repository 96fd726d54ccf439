"""What a patient in danger is shown at once: crisis resources (per organization, US default) and
whether their care team was told. Pure: callers pass the organization's settings, if any."""

from typing import Any

US_CRISIS_RESOURCES = {
    "heading": "You do not have to go through this alone",
    "message": (
        "You told us you have had thoughts that you would be better off dead or of hurting yourself. "
        "Help is available right now, at any time of day or night."
    ),
    "resources": [
        {
            "label": "988 Suicide & Crisis Lifeline",
            "instruction": "Call or text 988, or chat at 988lifeline.org.",
            "href": "tel:988",
        },
        {
            "label": "Emergency services",
            "instruction": "If you are in immediate danger, call 911 or go to the nearest emergency room.",
            "href": "tel:911",
        },
    ],
}

CARE_TEAM_TOLD = (
    "Your care team has been told and will follow up with you. If you are in danger now, do not wait for "
    "them: use the resources above."
)
CARE_TEAM_NOT_TOLD = (
    "We could not reach your care team through the portal just now. Please use the resources above, "
    "or call your clinic directly."
)


def crisis_payload(resources: dict[str, Any] | None, *, care_team_notified: bool) -> dict[str, Any]:
    """``resources`` is an organization's configuration (``heading``, ``message``, ``resources``) or
    None for the US default."""
    chosen = resources or US_CRISIS_RESOURCES
    return {
        "heading": chosen["heading"],
        "message": chosen["message"],
        "resources": [dict(resource) for resource in chosen["resources"]],
        "care_team_notified": care_team_notified,
        "follow_up": CARE_TEAM_TOLD if care_team_notified else CARE_TEAM_NOT_TOLD,
    }


def resource_list_errors(resources: Any) -> list[str]:
    """Why a configured resource list cannot be shown (empty when it can)."""
    if not isinstance(resources, list) or not resources:
        return ["List at least one resource."]
    errors = []
    for number, resource in enumerate(resources, start=1):
        if not isinstance(resource, dict) or not all(
            isinstance(resource.get(key), str) and resource[key].strip() for key in ("label", "instruction")
        ):
            errors.append(f"Resource {number} needs a label and an instruction (and may have an href).")
        elif "href" in resource and not isinstance(resource["href"], str):
            errors.append(f"Resource {number}: href must be text such as tel:988.")
    return errors
