"""schemas/*.schema.json is the single source of truth for Features and the Arrow schema."""

import json
import textwrap

import pyarrow as pa
import pytest
from datasets import ClassLabel, Features, List, Value

from suzhou_news.errors import SchemaError
from suzhou_news.builder.dataset.schema import SCHEMA_DIR, all_schemas, load_schema


def _class_labels_in_json(node, path=""):
    """Every x-class-label in a JSON schema, found independently of suzhou_news.builder.dataset.schema."""
    out = {}
    if "x-class-label" in node:
        out[path] = node["x-class-label"]
    for k, v in node.get("properties", {}).items():
        out.update(_class_labels_in_json(v, f"{path}.{k}" if path else k))
    if "items" in node:
        out.update(_class_labels_in_json(node["items"], path))
    return out


def _feature_at(features, path):
    node = features
    for part in path.split("."):
        node = node[part]
        while isinstance(node, List):
            node = node.feature
    return node


def test_every_table_schema_is_loaded_and_results_is_not_a_table():
    """Files with x-config are tables; results.schema.json (a JSON file's schema) is left out."""
    assert sorted(all_schemas()) == ["documents", "ner", "provenance", "segmentation", "sentences", "silver"]
    assert (SCHEMA_DIR / "results.schema.json").exists()


@pytest.mark.parametrize("name", ["documents", "sentences", "segmentation", "ner", "silver"])
def test_features_follow_the_json_schema(name):
    """Column order, ClassLabel names (as declared, in order) and int widths come from the file."""
    raw = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    schema = load_schema(name)
    assert schema.version == raw["x-schema-version"]
    assert list(schema.features) == list(raw["properties"]) == schema.columns
    declared = _class_labels_in_json(raw)
    assert bool(declared) == (name not in ("sentences", "silver"))  # silver labels are the tagger's own strings
    assert schema.class_labels() == declared
    for path, names in declared.items():
        feature = _feature_at(schema.features, path)
        assert isinstance(feature, ClassLabel) and feature.names == names
    for key, prop in raw["properties"].items():
        if prop.get("x-arrow"):
            assert schema.features[key] == Value(prop["x-arrow"])


def test_nested_list_and_struct_types():
    """documents.paragraphs is a list of {start:int32, end:int32, kind:ClassLabel}; ner.chars a list of strings."""
    docs = load_schema("documents").features
    assert docs["paragraphs"] == List({"start": Value("int32"), "end": Value("int32"),
                                       "kind": ClassLabel(names=["paragraph", "heading", "subtitle", "list_item"])})
    assert docs["title"] == Value("string")  # ["string", "null"] is a nullable string
    assert docs["script"] == ClassLabel(names=["hans", "hant"])
    ner = load_schema("ner").features
    assert ner["chars"] == List(Value("string"))
    assert ner["ner_tags_msra"] == List(ClassLabel(names=["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"]))
    assert ner["entities"].feature["label"] == ClassLabel(names=["PER", "ORG", "GPE", "LOC", "TITLE", "EVENT"])
    arrow = load_schema("documents").arrow_schema
    assert arrow.field("paragraphs").type == pa.list_(pa.struct([("start", pa.int32()), ("end", pa.int32()),
                                                                  ("kind", pa.int64())]))


@pytest.mark.parametrize("name", ["documents", "sentences", "segmentation", "ner"])
def test_arrow_schema_embeds_the_features(name):
    """The 'huggingface' metadata of the Arrow schema decodes back to the same Features."""
    schema = load_schema(name)
    meta = schema.arrow_schema.metadata[b"huggingface"]
    assert Features.from_dict(json.loads(meta)["info"]["features"]) == schema.features
    assert Features.from_arrow_schema(schema.arrow_schema) == schema.features


def _write_schema(tmp_path, name, properties, config=None):
    body = {"x-config": config or name, "x-schema-version": "9.9.9", "type": "object", "properties": properties}
    (tmp_path / f"{name}.schema.json").write_text(json.dumps(body), encoding="utf-8")


def test_a_custom_schema_maps_every_type(tmp_path):
    """number, boolean, nullable string, int default width, array of objects — all from the file."""
    _write_schema(tmp_path, "toy", {
        "score": {"type": "number"},
        "ok": {"type": "boolean"},
        "note": {"type": ["null", "string"]},
        "count": {"type": "integer"},
        "spans": {"type": "array", "items": {"type": "object", "properties": {
            "label": {"type": "integer", "x-class-label": ["X", "Y"]}, "n": {"type": "integer", "x-arrow": "int32"}}}},
    })
    schema = load_schema("toy", tmp_path)
    assert schema.version == "9.9.9"
    assert schema.features == Features({
        "score": Value("float64"), "ok": Value("bool"), "note": Value("string"), "count": Value("int64"),
        "spans": List({"label": ClassLabel(names=["X", "Y"]), "n": Value("int32")}),
    })
    assert schema.class_labels() == {"spans.label": ["X", "Y"]}


@pytest.mark.parametrize(("prop", "message"), [
    ({"type": ["string", "integer"]}, r"toy\.bad: only one non-null type"),
    ({"enum": ["a", "b"]}, r"toy\.bad: unsupported JSON Schema type None"),
    ({"type": "array", "items": {"type": "null"}}, r"toy\.bad\[\]: unsupported JSON Schema type 'null'"),
], ids=["two-types", "no-type", "null-items"])
def test_unsupported_types_are_schema_errors_naming_the_field(tmp_path, prop, message):
    """A schema the builder cannot map fails loudly, naming config and field, instead of guessing."""
    _write_schema(tmp_path, "toy", {"bad": prop})
    with pytest.raises(SchemaError, match=message):
        _ = load_schema("toy", tmp_path).features


def test_x_config_must_match_the_file_name(tmp_path):
    """toy.schema.json declaring x-config 'other' is refused."""
    _write_schema(tmp_path, "toy", {"id": {"type": "string"}}, config="other")
    with pytest.raises(SchemaError, match="x-config is 'other', expected 'toy'"):
        load_schema("toy", tmp_path)


def test_missing_schema_file_names_the_config(tmp_path):
    """An unknown config says which file to add."""
    with pytest.raises(SchemaError, match=r"no schema for config 'ghost'; add schemas/ghost\.schema\.json"):
        load_schema("ghost", tmp_path)


def test_all_schemas_skips_files_without_x_config(tmp_path):
    """A results-like schema without x-config is not a table."""
    _write_schema(tmp_path, "toy", {"id": {"type": "string"}})
    (tmp_path / "results.schema.json").write_text(textwrap.dedent("""\
        {"type": "object", "properties": {"score": {"type": "number"}}}
        """), encoding="utf-8")
    assert list(all_schemas(tmp_path)) == ["toy"]
