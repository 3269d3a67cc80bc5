//! The committee paper as a Word document, read back with an independent reader (unzip and
//! parse `word/document.xml`): the front sheet, numbered paragraphs, RAG cells, A4 pages, page
//! numbers, and hostile text.

mod common;

use common::docx::{archive, attr_values, element_texts, paragraphs, part};
use workplan::domain::Rag;
use workplan::report::{Block, Cell, FrontSheet, to_docx};

fn front() -> FrontSheet {
    FrontSheet {
        council: "Holmwick and Brackenford ICT Shared Service".into(),
        committee: "Audit and Governance Committee".into(),
        meeting_date: "15 December 2026".into(),
        title: "ICT Work Plan: progress to November".into(),
        purpose: "To report progress on the ICT work plan.".into(),
        recommendation: "That the committee notes the report.".into(),
        author: "Head of ICT".into(),
    }
}

fn blocks() -> Vec<Block> {
    vec![
        Block::Heading(1, "ICT Work Plan progress report".into()),
        Block::Paragraph("Intro before any section.".into()),
        Block::Heading(2, "Purpose and summary".into()),
        Block::Paragraph("First of section one.".into()),
        Block::Heading(3, "A sub-heading".into()),
        Block::Paragraph("Second of section one.".into()),
        Block::Bullets(vec!["Alpha bullet".into(), "Beta bullet".into()]),
        Block::Heading(2, "Portfolio".into()),
        Block::Paragraph("First of section two.".into()),
        Block::Table {
            headers: vec!["Project".into(), "RAG".into(), "Spend".into()],
            rows: vec![
                vec![
                    Cell::Text("Alpha".into()),
                    Cell::Rag(Rag::Red),
                    Cell::Number("£1,200".into()),
                ],
                vec![
                    Cell::Text("Beta".into()),
                    Cell::Rag(Rag::Green),
                    Cell::Number("£300".into()),
                ],
            ],
        },
    ]
}

fn position(paragraphs: &[String], text: &str) -> usize {
    paragraphs
        .iter()
        .position(|p| p == text)
        .unwrap_or_else(|| panic!("no paragraph {text:?} in {paragraphs:#?}"))
}

#[test]
fn front_sheet_comes_first_then_the_report() {
    let bytes = to_docx(&front(), &blocks()).unwrap();
    let paras = paragraphs(&part(&bytes, "word/document.xml"));
    let council = position(&paras, "Holmwick and Brackenford ICT Shared Service");
    let committee = position(&paras, "Audit and Governance Committee");
    let date = position(&paras, "15 December 2026");
    let title = position(&paras, "ICT Work Plan: progress to November");
    let purpose = position(&paras, "To report progress on the ICT work plan.");
    let recommendation = position(&paras, "That the committee notes the report.");
    let author = position(&paras, "Head of ICT");
    let report = position(&paras, "ICT Work Plan progress report");
    assert!(council < committee && committee < date && date < title);
    assert!(title < purpose && purpose < recommendation && recommendation < author);
    assert!(author < report);
    for label in ["Purpose", "Recommendation", "Author"] {
        position(&paras, label);
    }
}

#[test]
fn empty_front_sheet_rows_are_left_out() {
    let sheet = FrontSheet {
        council: String::new(),
        author: String::new(),
        ..front()
    };
    let bytes = to_docx(&sheet, &blocks()).unwrap();
    let paras = paragraphs(&part(&bytes, "word/document.xml"));
    assert!(!paras.iter().any(|p| p == "Author"), "{paras:#?}");
    assert!(paras.iter().any(|p| p == "Recommendation"));
    assert!(!paras.iter().any(|p| p.contains("Holmwick")));
}

#[test]
fn paragraphs_are_numbered_by_section() {
    let bytes = to_docx(&front(), &blocks()).unwrap();
    let xml = part(&bytes, "word/document.xml");
    let paras = paragraphs(&xml);
    let intro = position(&paras, "Intro before any section.");
    let one_one = position(&paras, "1.1\tFirst of section one.");
    let one_two = position(&paras, "1.2\tSecond of section one.");
    let bullet = position(&paras, "•\tAlpha bullet");
    let section_two = position(&paras, "Portfolio");
    let two_one = position(&paras, "2.1\tFirst of section two.");
    assert!(intro < one_one && one_one < one_two && one_two < bullet);
    assert!(bullet < section_two && section_two < two_one);
    position(&paras, "•\tBeta bullet");
    // Headings are never numbered.
    position(&paras, "Purpose and summary");
    position(&paras, "A sub-heading");

    let styles = attr_values(&xml, b"w:pStyle", "w:val");
    for id in ["Heading1", "Heading2", "Heading3"] {
        assert!(styles.iter().any(|s| s == id), "{id} unused: {styles:?}");
    }
    let defined = attr_values(&part(&bytes, "word/styles.xml"), b"w:style", "w:styleId");
    for id in ["Heading1", "Heading2", "Heading3"] {
        assert!(
            defined.iter().any(|s| s == id),
            "{id} undefined: {defined:?}"
        );
    }
}

#[test]
fn rag_cells_keep_their_letters_and_are_shaded() {
    let bytes = to_docx(&front(), &blocks()).unwrap();
    let xml = part(&bytes, "word/document.xml");
    let paras = paragraphs(&xml);
    let alpha = position(&paras, "Alpha");
    assert_eq!(paras[alpha + 1], "R");
    assert_eq!(paras[alpha + 2], "£1,200");
    let beta = position(&paras, "Beta");
    assert_eq!(paras[beta + 1], "G");
    assert_eq!(paras[beta + 2], "£300");

    let fills: Vec<String> = attr_values(&xml, b"w:shd", "w:fill")
        .iter()
        .map(|f| f.to_ascii_uppercase())
        .collect();
    for fill in ["D4351C", "00703C", "EEEEEE"] {
        assert!(fills.iter().any(|f| f == fill), "no {fill} in {fills:?}");
    }
    let colours = attr_values(&xml, b"w:color", "w:val");
    assert!(colours.iter().any(|c| c.eq_ignore_ascii_case("FFFFFF")));
    let alignments = attr_values(&xml, b"w:jc", "w:val");
    assert!(alignments.iter().any(|a| a == "right"), "{alignments:?}");
}

#[test]
fn page_is_a4_portrait_with_2cm_margins() {
    let bytes = to_docx(&front(), &blocks()).unwrap();
    let xml = part(&bytes, "word/document.xml");
    assert_eq!(attr_values(&xml, b"w:pgSz", "w:w"), ["11906"]);
    assert_eq!(attr_values(&xml, b"w:pgSz", "w:h"), ["16838"]);
    assert_eq!(attr_values(&xml, b"w:pgMar", "w:left"), ["1134"]);
    assert_eq!(attr_values(&xml, b"w:pgMar", "w:top"), ["1134"]);
    assert!(!attr_values(&xml, b"w:footerReference", "r:id").is_empty());
}

#[test]
fn footer_prints_the_page_number_field() {
    let bytes = to_docx(&front(), &blocks()).unwrap();
    let names: Vec<String> = archive(&bytes).file_names().map(str::to_string).collect();
    let footer = names
        .iter()
        .find(|n| n.starts_with("word/footer") && n.ends_with(".xml"))
        .unwrap_or_else(|| panic!("no footer part in {names:?}"));
    let xml = part(&bytes, footer);
    let fields = element_texts(&xml, b"w:instrText");
    assert!(fields.iter().any(|f| f.trim() == "PAGE"), "{fields:?}");
    assert!(paragraphs(&xml).iter().any(|p| p.starts_with("Page ")));
}

#[test]
fn hostile_text_cannot_break_the_xml() {
    let evil = "Hostile <w:p>& \"q\" 'x'\u{7}\u{FFFF} end</w:t>";
    let sheet = FrontSheet {
        title: evil.into(),
        ..front()
    };
    let blocks = vec![
        Block::Heading(1, evil.into()),
        Block::Paragraph(evil.into()),
        Block::Bullets(vec![evil.into()]),
        Block::Table {
            headers: vec![evil.into()],
            rows: vec![
                vec![Cell::Text(evil.into())],
                vec![Cell::Number(evil.into())],
            ],
        },
    ];
    let bytes = to_docx(&sheet, &blocks).unwrap();
    let xml = part(&bytes, "word/document.xml");
    assert!(!xml.contains('\u{7}') && !xml.contains('\u{FFFF}'));
    assert!(!xml.contains("<w:p>&"));
    let read = "Hostile <w:p>& \"q\" 'x'\u{FFFD}\u{FFFD} end</w:t>";
    let paras = paragraphs(&xml);
    // Title, heading, paragraph, header cell and two body cells.
    assert_eq!(paras.iter().filter(|p| *p == read).count(), 6, "{paras:#?}");
    assert!(paras.iter().any(|p| *p == format!("•\t{read}")));
}

#[test]
fn tables_without_rows_are_left_out() {
    let bytes = to_docx(
        &FrontSheet::default(),
        &[Block::Table {
            headers: vec![],
            rows: vec![],
        }],
    )
    .unwrap();
    let xml = part(&bytes, "word/document.xml");
    assert!(!xml.contains("<w:tbl>") && !xml.contains("<w:tbl "));
}
