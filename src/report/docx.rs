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
    use super::*;

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
