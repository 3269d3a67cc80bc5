#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    workplan::cli::main()
}
