"""A Korean stand-in translation of an XLIFF 1.2 file, shared by the interop checks: every unit's
target is its source with each word replaced by 한국어, inline codes kept where they were, state
translated. What the checks merge to see that a translated document keeps its structure."""
import re
import xml.etree.ElementTree as ET

XLIFF = "urn:oasis:names:tc:xliff:document:1.2"
ET.register_namespace("", XLIFF)


def korean(text):
    """Each word of `text` replaced by a Korean stand-in; spaces kept."""
    return re.sub(r"\S+", "한국어", text) if text else text


def fill_targets(source_xlf, target_xlf):
    """Writes `source_xlf` with every target filled to `target_xlf`; returns the number of units."""
    tree = ET.parse(source_xlf)
    units = 0
    for unit in tree.iter(f"{{{XLIFF}}}trans-unit"):
        source = unit.find(f"{{{XLIFF}}}source")
        target = unit.find(f"{{{XLIFF}}}target")
        if target is None:
            target = ET.SubElement(unit, f"{{{XLIFF}}}target")
        target.clear()
        target.text = korean(source.text)
        for child in source:
            copy = ET.SubElement(target, child.tag, dict(child.attrib))
            copy.text = child.text
            copy.tail = korean(child.tail)
        target.set("state", "translated")
        units += 1
    tree.write(target_xlf, encoding="utf-8", xml_declaration=True)
    return units
