//! Reading a Word document back, independently of the code that wrote it: unzip it and
//! parse its XML.

use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::{BytesRef, Event};

pub fn archive(bytes: &[u8]) -> zip::ZipArchive<std::io::Cursor<&[u8]>> {
    zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive")
}

pub fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = archive(bytes);
    let mut file = archive.by_name(name).expect("part present");
    let mut xml = String::new();
    file.read_to_string(&mut xml).expect("UTF-8 part");
    xml
}

pub fn resolve(reference: &BytesRef<'_>) -> String {
    if let Some(ch) = reference
        .resolve_char_ref()
        .expect("valid character reference")
    {
        return ch.to_string();
    }
    let name = reference.decode().expect("UTF-8 reference");
    quick_xml::escape::resolve_predefined_entity(&name)
        .expect("a predefined entity")
        .to_string()
}

pub fn append(paragraphs: &mut [String], text: &str) {
    if let Some(last) = paragraphs.last_mut() {
        last.push_str(text);
    }
}

/// The text of every `w:p` in document order: its `w:t` contents joined, a `w:tab` in a
/// run read as a tab. Panics if the XML is not well-formed.
pub fn paragraphs(xml: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<String> = Vec::new();
    let (mut in_run, mut in_text) = (false, false);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => match e.name().as_ref() {
                b"w:p" => out.push(String::new()),
                b"w:r" => in_run = true,
                b"w:t" => in_text = true,
                b"w:tab" if in_run => append(&mut out, "\t"),
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                b"w:p" => out.push(String::new()),
                b"w:tab" if in_run => append(&mut out, "\t"),
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                b"w:r" => in_run = false,
                b"w:t" => in_text = false,
                _ => {}
            },
            Event::Text(t) if in_text => {
                append(&mut out, &t.decode().expect("UTF-8 text"));
            }
            Event::GeneralRef(r) if in_text => append(&mut out, &resolve(&r)),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The text inside every `tag` element (e.g. `w:instrText`).
pub fn element_texts(xml: &str, tag: &[u8]) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<String> = Vec::new();
    let mut inside = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == tag => {
                inside = true;
                out.push(String::new());
            }
            Event::End(e) if e.name().as_ref() == tag => inside = false,
            Event::Text(t) if inside => append(&mut out, &t.decode().expect("UTF-8 text")),
            Event::GeneralRef(r) if inside => append(&mut out, &resolve(&r)),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The value of `attr` on every `tag` element.
pub fn attr_values(xml: &str, tag: &[u8], attr: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == tag => {
                if let Some(a) = e.try_get_attribute(attr).expect("valid attributes") {
                    out.push(String::from_utf8(a.value.into_owned()).expect("UTF-8 value"));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}
