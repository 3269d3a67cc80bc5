//! The committee report as a Word document (DOCX), shaped like a UK council committee paper:
//! a front sheet, then the report with numbered paragraphs (1.1, 1.2, 2.1 ...), tables with
//! RAG cells shaded and lettered, and "Page N" in the footer. A4 portrait, 2 cm margins.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, Footer, LineSpacing, PageMargin, PageNum,
    Paragraph, Run, RunFonts, Shading, SpecialIndentType, Style, StyleType, Table, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableRow, WidthType,
};

use super::{Block, Cell};
use crate::domain::Rag;
use crate::domain::text::sanitize;

/// A4 portrait in twentieths of a point.
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;
/// 2 cm.
const MARGIN: i32 = 1134;
/// Header and footer distance from the page edge: 1 cm.
const HEADER_FOOTER: i32 = 567;
/// Width between the margins: tables span exactly this.
const TEXT_WIDTH: usize = 9638;
/// Where the text of a numbered paragraph starts (1.27 cm), so "1.10" and "1.9" line up.
const NUMBER_INDENT: i32 = 720;
/// Gap between a bullet and its text.
const BULLET_HANG: i32 = 357;
/// Width of the label column of the front-sheet table (4 cm).
const LABEL_WIDTH: usize = 2268;
/// Column weights (characters) that table widths are shared out by.
const MIN_WEIGHT: usize = 4;
/// A column whose longest text is at most this many characters is sized to fit it.
const SHORT_COLUMN: usize = 12;
/// About one character of Arial 10.5pt, in twips, and a cell's left and right margins.
const CHAR_TWIPS: usize = 150;
const CELL_PADDING: usize = 340;
const MAX_WEIGHT: usize = 30;

const HEADER_FILL: &str = "EEEEEE";
const BORDER_COLOUR: &str = "999999";
const WHITE: &str = "FFFFFF";
const BLACK: &str = "000000";

/// The council's front sheet for a committee paper.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontSheet {
    /// e.g. "Holmwick and Brackenford ICT Shared Service" (may be empty).
    pub council: String,
    /// e.g. "Audit and Governance Committee".
    pub committee: String,
    /// Already formatted, e.g. "15 December 2026".
    pub meeting_date: String,
    pub title: String,
    pub purpose: String,
    pub recommendation: String,
    pub author: String,
}

/// The front sheet, then the report's blocks, as the bytes of a .docx file.
pub fn to_docx(front: &FrontSheet, blocks: &[Block]) -> Result<Vec<u8>, String> {
    let mut docx = add_front_sheet(setup(), front);
    let mut numbers = ParaNumbers::default();
    for block in blocks {
        docx = add_block(docx, block, &mut numbers);
    }
    let mut cursor = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut cursor)
        .map_err(|e| format!("could not write the Word document: {e}"))?;
    Ok(cursor.into_inner())
}

/// User text made safe for XML. `sanitize` turns control characters (invalid in XML 1.0)
/// into U+FFFD and drops invisible ones; U+FFFE and U+FFFF are not controls but are still
/// invalid XML characters, so they go the same way. docx-rs escapes `&`, `<` and `>` itself.
fn clean(text: &str) -> String {
    sanitize(text)
        .chars()
        .map(|c| match c {
            '\u{FFFE}' | '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Page, fonts, styles and footer shared by the whole document.
fn setup() -> Docx {
    let margins = PageMargin::new()
        .top(MARGIN)
        .right(MARGIN)
        .bottom(MARGIN)
        .left(MARGIN)
        .header(HEADER_FOOTER)
        .footer(HEADER_FOOTER)
        .gutter(0);
    Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(margins)
        .default_fonts(RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial"))
        // Half-points: 10.5 pt body text, 6 pt after each paragraph.
        .default_size(21)
        .default_line_spacing(LineSpacing::new().after(120))
        .add_style(heading_style(1, 32))
        .add_style(heading_style(2, 26))
        .add_style(heading_style(3, 22))
        .footer(page_footer())
}

/// "Heading1".."Heading3" with Word's built-in names, so the navigation pane and a table of
/// contents pick them up.
fn heading_style(level: usize, half_points: usize) -> Style {
    let mut style = Style::new(format!("Heading{level}"), StyleType::Paragraph)
        .name(format!("heading {level}"))
        .next("Normal")
        .bold()
        .size(half_points)
        .line_spacing(LineSpacing::new().before(240).after(120))
        .outline_lvl(level.saturating_sub(1));
    // A heading never ends a page on its own.
    style.paragraph_property = style.paragraph_property.keep_next(true);
    style
}

fn page_footer() -> Footer {
    Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(Run::new().add_text("Page "))
            .add_page_num(PageNum::new()),
    )
}

fn add_front_sheet(docx: Docx, front: &FrontSheet) -> Docx {
    let lines = [
        (&front.council, 28, true),
        (&front.committee, 24, false),
        (&front.meeting_date, 24, false),
    ];
    let mut docx = docx;
    for (text, half_points, bold) in lines {
        if !text.trim().is_empty() {
            let line = Paragraph::new().add_run(styled_run(text, half_points, bold));
            docx = docx.add_paragraph(line);
        }
    }
    if !front.title.trim().is_empty() {
        let title = Paragraph::new()
            .line_spacing(LineSpacing::new().before(480).after(360))
            .add_run(styled_run(&front.title, 40, true));
        docx = docx.add_paragraph(title);
    }
    if let Some(table) = front_table(front) {
        docx = docx.add_table(table);
    }
    docx.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)))
}

fn styled_run(text: &str, half_points: usize, bold: bool) -> Run {
    let run = Run::new().add_text(clean(text)).size(half_points);
    if bold { run.bold() } else { run }
}

/// Purpose, recommendation and author as a two-column table; rows with no text are left out.
fn front_table(front: &FrontSheet) -> Option<Table> {
    let rows: Vec<TableRow> = [
        ("Purpose", &front.purpose),
        ("Recommendation", &front.recommendation),
        ("Author", &front.author),
    ]
    .into_iter()
    .filter(|(_, text)| !text.trim().is_empty())
    .map(|(label, text)| {
        TableRow::new(vec![
            shaded(bold_cell(label, LABEL_WIDTH), HEADER_FILL),
            text_cell(Paragraph::new(), text, TEXT_WIDTH - LABEL_WIDTH),
        ])
        .cant_split()
    })
    .collect();
    if rows.is_empty() {
        return None;
    }
    Some(finish_table(
        rows,
        vec![LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH],
    ))
}

/// Paragraph numbers as council papers print them: "N.M", where N counts level-2 headings
/// (sections) and M the paragraphs within the section. Nothing before the first section is
/// numbered; level-1 and level-3 headings neither start a section nor restart the count.
#[derive(Debug, Default)]
struct ParaNumbers {
    section: u32,
    paragraph: u32,
}

impl ParaNumbers {
    fn heading(&mut self, level: u8) {
        if level == 2 {
            self.section += 1;
            self.paragraph = 0;
        }
    }

    fn next(&mut self) -> Option<String> {
        if self.section == 0 {
            return None;
        }
        self.paragraph += 1;
        Some(format!("{}.{}", self.section, self.paragraph))
    }

    /// Where body text starts, so bullets line up under numbered paragraphs' text.
    fn text_indent(&self) -> i32 {
        if self.section == 0 { 0 } else { NUMBER_INDENT }
    }
}

fn add_block(docx: Docx, block: &Block, numbers: &mut ParaNumbers) -> Docx {
    match block {
        Block::Heading(level, text) => {
            numbers.heading(*level);
            docx.add_paragraph(heading(*level, text))
        }
        Block::Paragraph(text) => docx.add_paragraph(body_paragraph(text, numbers.next())),
        Block::Bullets(items) => {
            let indent = numbers.text_indent();
            items
                .iter()
                .fold(docx, |docx, item| docx.add_paragraph(bullet(item, indent)))
        }
        // The empty paragraph keeps two tables in a row from merging into one in Word, and a
        // document must not end on a table.
        Block::Table { headers, rows } => match table(headers, rows) {
            Some(table) => docx.add_table(table).add_paragraph(Paragraph::new()),
            None => docx,
        },
    }
}

fn heading(level: u8, text: &str) -> Paragraph {
    let style = match level {
        0 | 1 => "Heading1",
        2 => "Heading2",
        _ => "Heading3",
    };
    Paragraph::new()
        .style(style)
        .add_run(Run::new().add_text(clean(text)))
}

/// The number is literal text and a tab against a hanging indent, not a Word numbering
/// definition: it survives copying, pasting and any word processor.
fn body_paragraph(text: &str, number: Option<String>) -> Paragraph {
    let body = Run::new().add_text(clean(text));
    match number {
        Some(number) => Paragraph::new()
            .indent(
                Some(NUMBER_INDENT),
                Some(SpecialIndentType::Hanging(NUMBER_INDENT)),
                None,
                None,
            )
            .add_run(Run::new().add_text(number).add_tab())
            .add_run(body),
        None => Paragraph::new().add_run(body),
    }
}

fn bullet(text: &str, text_indent: i32) -> Paragraph {
    Paragraph::new()
        .indent(
            Some(text_indent + BULLET_HANG),
            Some(SpecialIndentType::Hanging(BULLET_HANG)),
            None,
            None,
        )
        .add_run(Run::new().add_text("•").add_tab())
        .add_run(Run::new().add_text(clean(text)))
}

/// A full-width table with a bold, grey header row. Short rows are padded with empty cells;
/// a table with no rows at all is left out (Word rejects an empty `w:tbl`).
/// Word's "repeat header row" (`w:tblHeader`) is not offered by docx-rs 0.4, so rows are
/// only kept from splitting across pages.
fn table(headers: &[String], rows: &[Vec<Cell>]) -> Option<Table> {
    let widths = column_widths(headers, rows);
    if widths.is_empty() {
        return None;
    }
    let mut table_rows = Vec::with_capacity(rows.len() + 1);
    if !headers.is_empty() {
        let cells = widths
            .iter()
            .enumerate()
            .map(|(i, width)| {
                let text = headers.get(i).map_or("", String::as_str);
                shaded(bold_cell(text, *width), HEADER_FILL)
            })
            .collect();
        table_rows.push(TableRow::new(cells).cant_split());
    }
    for row in rows {
        let cells = widths
            .iter()
            .enumerate()
            .map(|(i, width)| match row.get(i) {
                Some(cell) => body_cell(cell, *width),
                None => text_cell(Paragraph::new(), "", *width),
            })
            .collect();
        table_rows.push(TableRow::new(cells).cant_split());
    }
    if table_rows.is_empty() {
        return None;
    }
    Some(finish_table(table_rows, widths))
}

fn finish_table(rows: Vec<TableRow>, widths: Vec<usize>) -> Table {
    Table::new(rows)
        .set_grid(widths)
        .width(TEXT_WIDTH, WidthType::Dxa)
        .set_borders(grey_borders())
}

fn grey_borders() -> TableBorders {
    [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ]
    .into_iter()
    .fold(TableBorders::new(), |borders, position| {
        borders.set(
            TableBorder::new(position)
                .border_type(BorderType::Single)
                .size(4)
                .color(BORDER_COLOUR),
        )
    })
}

/// Column widths shared out by the longest text in each column (within limits), adding up to
/// exactly the text width.
fn column_widths(headers: &[String], rows: &[Vec<Cell>]) -> Vec<usize> {
    let columns = rows
        .iter()
        .map(Vec::len)
        .chain(std::iter::once(headers.len()))
        .max()
        .unwrap_or(0);
    if columns == 0 {
        return Vec::new();
    }
    // Each column's longest text, and its longest word (which must never break).
    let mut longest = vec![0usize; columns];
    let mut word = vec![0usize; columns];
    let texts = headers.iter().cloned().enumerate().chain(
        rows.iter()
            .flat_map(|row| row.iter().map(Cell::text).enumerate()),
    );
    for (i, text) in texts {
        if let (Some(l), Some(w)) = (longest.get_mut(i), word.get_mut(i)) {
            *l = (*l).max(text.chars().count());
            let longest_word = text.split_whitespace().map(|w| w.chars().count()).max();
            *w = (*w).max(longest_word.unwrap_or(0));
        }
    }
    // Each column needs at least its longest word (a RAG, a count, a date: all of it) and
    // would like all of its longest text; a long text column gives way first.
    let natural = |chars: usize| chars * CHAR_TWIPS + CELL_PADDING;
    let least: Vec<usize> = (0..columns)
        .map(|i| match longest[i] <= SHORT_COLUMN {
            true => natural(longest[i]),
            false => natural(word[i].clamp(MIN_WEIGHT, MAX_WEIGHT)),
        })
        .collect();
    let wanted: Vec<usize> = (0..columns)
        .map(|i| natural(longest[i].clamp(MIN_WEIGHT, MAX_WEIGHT * 2)).max(least[i]))
        .collect();
    let (least_sum, wanted_sum) = (least.iter().sum::<usize>(), wanted.iter().sum::<usize>());
    let mut widths: Vec<usize> = if wanted_sum <= TEXT_WIDTH {
        // Room for everything: the spare goes to the columns by what they want.
        let spare = TEXT_WIDTH - wanted_sum;
        wanted
            .iter()
            .map(|w| w + spare * w / wanted_sum.max(1))
            .collect()
    } else if least_sum <= TEXT_WIDTH {
        // Each gets its least, and the rest goes where more text is waiting.
        let spare = TEXT_WIDTH - least_sum;
        let more = wanted_sum - least_sum;
        (0..columns)
            .map(|i| least[i] + spare * (wanted[i] - least[i]) / more.max(1))
            .collect()
    } else {
        least
            .iter()
            .map(|w| TEXT_WIDTH * w / least_sum.max(1))
            .collect()
    };
    // The columns add up to the text width exactly (the widest takes the rounding).
    let used: usize = widths.iter().sum();
    if let Some(widest) = widths.iter_mut().max_by_key(|w| **w) {
        *widest = (*widest + TEXT_WIDTH).saturating_sub(used);
    }
    widths
}

fn body_cell(cell: &Cell, width: usize) -> TableCell {
    match cell {
        Cell::Text(text) => text_cell(Paragraph::new(), text, width),
        Cell::Number(text) => text_cell(Paragraph::new().align(AlignmentType::Right), text, width),
        Cell::Rag(rag) => rag_cell(*rag, width),
    }
}

fn text_cell(paragraph: Paragraph, text: &str, width: usize) -> TableCell {
    cell(paragraph.add_run(Run::new().add_text(clean(text))), width)
}

fn bold_cell(text: &str, width: usize) -> TableCell {
    cell(
        Paragraph::new().add_run(Run::new().add_text(clean(text)).bold()),
        width,
    )
}

/// The colour is a second signal: the letters are always in the cell, bold.
fn rag_cell(rag: Rag, width: usize) -> TableCell {
    let (fill, ink) = rag_colours(rag);
    let run = Run::new().add_text(rag.letters()).bold().color(ink);
    shaded(
        cell(
            Paragraph::new().align(AlignmentType::Center).add_run(run),
            width,
        ),
        fill,
    )
}

/// Fill and text colour, the same as the HTML report's.
fn rag_colours(rag: Rag) -> (&'static str, &'static str) {
    match rag {
        Rag::Red => ("D4351C", WHITE),
        Rag::AmberRed => ("F47738", BLACK),
        Rag::Amber => ("FFDD00", BLACK),
        Rag::AmberGreen => ("85994B", WHITE),
        Rag::Green => ("00703C", WHITE),
        Rag::Unrated => ("DDDDDD", BLACK),
    }
}

/// One paragraph per cell, with a little space above and below instead of cell margins.
fn cell(paragraph: Paragraph, width: usize) -> TableCell {
    TableCell::new()
        .add_paragraph(paragraph.line_spacing(LineSpacing::new().before(40).after(40)))
        .width(width, WidthType::Dxa)
}

fn shaded(cell: TableCell, fill: &str) -> TableCell {
    cell.shading(Shading::new().fill(fill))
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use quick_xml::Reader;
    use quick_xml::events::{BytesRef, Event};

    use super::*;

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

    fn archive(bytes: &[u8]) -> zip::ZipArchive<std::io::Cursor<&[u8]>> {
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive")
    }

    fn part(bytes: &[u8], name: &str) -> String {
        let mut archive = archive(bytes);
        let mut file = archive.by_name(name).expect("part present");
        let mut xml = String::new();
        file.read_to_string(&mut xml).expect("UTF-8 part");
        xml
    }

    fn resolve(reference: &BytesRef<'_>) -> String {
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

    fn append(paragraphs: &mut [String], text: &str) {
        if let Some(last) = paragraphs.last_mut() {
            last.push_str(text);
        }
    }

    /// The text of every `w:p` in document order: its `w:t` contents joined, a `w:tab` in a
    /// run read as a tab. Panics if the XML is not well-formed.
    fn paragraphs(xml: &str) -> Vec<String> {
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
    fn element_texts(xml: &str, tag: &[u8]) -> Vec<String> {
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
    fn attr_values(xml: &str, tag: &[u8], attr: &str) -> Vec<String> {
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

    #[test]
    fn column_widths_fill_the_text_width() {
        let rows = vec![vec![
            Cell::Text("A rather long project name indeed".into()),
            Cell::Rag(Rag::Amber),
            Cell::Number("12".into()),
        ]];
        let headers: Vec<String> = vec![
            "Project".into(),
            "RAG".into(),
            "Spend".into(),
            "Extra".into(),
        ];
        let widths = column_widths(&headers, &rows);
        assert_eq!(widths.len(), 4);
        assert_eq!(widths.iter().sum::<usize>(), TEXT_WIDTH);
        assert!(widths[0] > widths[1]);
        assert!(column_widths(&[], &[]).is_empty());
    }
}
