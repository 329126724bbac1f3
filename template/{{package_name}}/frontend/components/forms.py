"""Buttons and labelled form fields with their hint and inline error."""

from collections.abc import Callable
from typing import Any, Literal

from reactpy import html
from reactpy.types import VdomDict

Variant = Literal["primary", "secondary", "danger", "ghost"]


def button(
    label: Any,
    on_click: Callable[[dict[str, Any]], Any] | None = None,
    *,
    variant: Variant = "primary",
    type: Literal["button", "submit"] = "button",
    small: bool = False,
    block: bool = False,
    id: str | None = None,
    disabled: bool = False,
    aria_label: str | None = None,
) -> VdomDict:
    classes = ["button"]
    if variant != "primary":
        classes.append(f"button-{variant}")
    if small:
        classes.append("button-small")
    if block:
        classes.append("button-block")
    attributes: dict[str, Any] = {"type": type, "class_name": " ".join(classes)}
    if on_click is not None:
        attributes["on_click"] = on_click
    if id:
        attributes["id"] = id
    if disabled:
        attributes["disabled"] = True
    if aria_label:
        attributes["aria-label"] = aria_label
    return html.button(attributes, label)


def field(
    id: str,
    label: str,
    *,
    value: str | None = None,
    on_change: Callable[[str], None] | None = None,
    name: str | None = None,
    type: str = "text",
    error: str = "",
    hint: str = "",
    multiline: bool = False,
    required: bool = False,
    placeholder: str | None = None,
    autocomplete: str | None = None,
    extra: dict[str, Any] | None = None,
) -> VdomDict:
    """A label, an input (or textarea) and, under it, its hint and its error.

    With `on_change` the input is controlled by the page (`value` is what it shows); without,
    it belongs to a form the browser posts (`name`), and `value` is only where it starts.
    """
    described = [f"{id}-hint"] if hint else []
    if error:
        described.append(f"{id}-error")
    attributes: dict[str, Any] = {
        "id": id,
        "class_name": "input",
        "aria-invalid": "true" if error else "false",
    }
    if not multiline:
        attributes["type"] = type
    if described:
        attributes["aria-describedby"] = " ".join(described)
    if name:
        attributes["name"] = name
    if required:
        attributes["required"] = True
    if placeholder:
        attributes["placeholder"] = placeholder
    if autocomplete:
        attributes["autocomplete"] = autocomplete
    if on_change is not None:
        attributes["value"] = value or ""
        attributes["on_change"] = lambda event: on_change(str(event["target"]["value"]))
    elif value:
        attributes["default_value"] = value
    attributes.update(extra or {})
    control = html.textarea(attributes) if multiline else html.input(attributes)
    return html.div(
        {"class_name": "field"},
        html.label({"class_name": "field-label", "html_for": id}, label),
        control,
        html.p({"id": f"{id}-hint", "class_name": "field-hint"}, hint) if hint else "",
        html.p({"id": f"{id}-error", "class_name": "field-error"}, error) if error else "",
    )


def checkbox(
    id: str, label: str, *, checked: bool, on_change: Callable[[bool], None], error: str = ""
) -> VdomDict:
    return html.div(
        {"class_name": "field"},
        html.label(
            {"class_name": "checkbox", "html_for": id},
            html.input(
                {
                    "id": id,
                    "type": "checkbox",
                    "checked": checked,
                    "on_change": lambda event: on_change(bool(event["target"]["checked"])),
                }
            ),
            label,
        ),
        html.p({"id": f"{id}-error", "class_name": "field-error"}, error) if error else "",
    )
