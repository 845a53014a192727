"""What a forum's programme and visa-letter template may contain."""

import pytest
from django.core.exceptions import ValidationError

from events.models.forum import DEFAULT_LETTER_TEMPLATE
from events.validators import validate_gcm_objectives, validate_letter_template

ALLOWED = (
    "{arrival_on}, {basis}, {city}, {country}, {date_of_birth}, {departure_on}, {forum_dates}, {forum_name}, "
    "{full_name}, {nationality}, {organization}, {passport_expires_on}, {passport_number}, {venue}"
)


# --- GCM objectives -----------------------------------------------------------------------


@pytest.mark.parametrize("value", [[2, 5, 6, 12, 18], [1, 23], []], ids=["round-table-1", "bounds", "none"])
def test_validate_gcm_objectives_accepts_distinct_numbers_1_to_23(value):
    assert validate_gcm_objectives(value) is None


@pytest.mark.parametrize(
    "value",
    ["2, 5", [2, "5"], [2.0], [True], {"objectives": [2]}],
    ids=["text", "string-item", "float", "bool", "dict"],
)
def test_validate_gcm_objectives_refuses_anything_but_a_list_of_integers(value):
    with pytest.raises(ValidationError) as error:
        validate_gcm_objectives(value)

    assert (error.value.code, error.value.messages) == ("invalid", ["Give the GCM objectives as a list of numbers."])


def test_validate_gcm_objectives_refuses_numbers_outside_1_to_23_naming_them():
    with pytest.raises(ValidationError) as error:
        validate_gcm_objectives([24, 5, 0, 24])

    assert (error.value.code, error.value.messages) == (
        "out_of_range",
        ["GCM objectives are numbered 1 to 23; 0, 24 is not one of them."],
    )


def test_validate_gcm_objectives_refuses_an_objective_twice():
    with pytest.raises(ValidationError) as error:
        validate_gcm_objectives([2, 5, 2])

    assert (error.value.code, error.value.messages) == ("duplicate", ["Each GCM objective may appear only once."])


# --- Visa-letter template -----------------------------------------------------------------


def test_validate_letter_template_accepts_the_default_template():
    assert validate_letter_template(DEFAULT_LETTER_TEMPLATE) is None


@pytest.mark.parametrize(
    "value",
    ["", "No placeholders at all.", "Dear {full_name}, see {{braces}} and }} alone."],
    ids=["empty", "plain", "escaped-braces"],
)
def test_validate_letter_template_accepts_known_placeholders_and_escaped_braces(value):
    assert validate_letter_template(value) is None


def test_validate_letter_template_refuses_an_unknown_placeholder_naming_it():
    with pytest.raises(ValidationError) as error:
        validate_letter_template("Dear {full_name}, your salary is {salary}.")

    assert error.value.code == "unknown_placeholder"
    assert error.value.messages == [f"Unknown placeholder(s): {{salary}}. Allowed: {ALLOWED}."]


def test_validate_letter_template_names_every_unknown_placeholder_once_in_order():
    with pytest.raises(ValidationError) as error:
        validate_letter_template("{title} {salary} {full_name} {title}")

    assert error.value.messages == [f"Unknown placeholder(s): {{salary}}, {{title}}. Allowed: {ALLOWED}."]


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ("Held at {0}.", "{0}"),
        ("Held at {}.", "{}"),
        ("{full_name.__class__}", "{full_name.__class__}"),
        ("{organization[0]}", "{organization[0]}"),
    ],
    ids=["positional", "empty", "attribute", "index"],
)
def test_validate_letter_template_refuses_positional_attribute_and_index_placeholders(value, named):
    with pytest.raises(ValidationError) as error:
        validate_letter_template(value)

    assert error.value.messages == [f"Unknown placeholder(s): {named}. Allowed: {ALLOWED}."]


@pytest.mark.parametrize("value", ["Dear {full_name", "Dear full_name}", "Dear {full_name}}"])
def test_validate_letter_template_refuses_an_unbalanced_brace(value):
    with pytest.raises(ValidationError) as error:
        validate_letter_template(value)

    assert (error.value.code, error.value.messages) == (
        "syntax",
        ["The template has an unbalanced brace: write {{ or }} for a literal brace."],
    )


@pytest.mark.parametrize(
    ("value", "named"),
    [
        # A nested placeholder would otherwise slip past the check of names.
        ("{full_name:{salary}}", "{full_name:{salary}}"),
        ("{full_name:>40}", "{full_name:>40}"),
        ("{full_name!r} and {city:d}", "{full_name!r}, {city:d}"),
    ],
    ids=["nested", "spec", "conversion"],
)
def test_validate_letter_template_refuses_format_specs_and_conversions(value, named):
    with pytest.raises(ValidationError) as error:
        validate_letter_template(value)

    assert (error.value.code, error.value.messages) == (
        "format_spec",
        [
            "Write each placeholder as a bare name in braces, such as {full_name}; "
            f"remove the “:” or “!” part from {named}."
        ],
    )
