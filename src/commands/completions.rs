//! Shell completions and the man page, made from the `--help` definitions so they keep up.

use clap_complete::aot::{Shell, generate};

/// The completion script for `shell`, for the program `cmd` describes.
pub fn completions(shell: Shell, mut cmd: clap::Command) -> Vec<u8> {
    let name = cmd.get_name().to_string();
    let mut script = Vec::new();
    // Into memory (a `Vec` takes every write), so a closed standard output is the caller's
    // to answer, not the generator's.
    generate(shell, &mut cmd, name, &mut script);
    script
}

/// The manual page (roff, section 1) for the program `cmd` describes.
pub fn man_page(cmd: clap::Command) -> std::io::Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut page)?;
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn program() -> clap::Command {
        clap::Command::new("demo-tool")
            .version("1.0")
            .about("A tool")
            .subcommand(clap::Command::new("import").about("Import a file"))
    }

    #[test]
    fn every_shell_names_the_program_and_its_commands() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell] {
            let script = String::from_utf8(completions(shell, program())).unwrap();
            assert!(script.contains("demo-tool"), "{shell:?}: {script}");
            assert!(script.contains("import"), "{shell:?}: {script}");
        }
    }

    #[test]
    fn the_man_page_is_roff_with_a_title() {
        let page = String::from_utf8(man_page(program()).unwrap()).unwrap();
        assert!(
            page.lines().any(|l| l.starts_with(".TH demo-tool")),
            "{page}"
        );
        assert!(page.contains(".SH NAME"), "{page}");
    }
}
