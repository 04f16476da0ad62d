//! The `gloss` binary: a thin layer over the library (see `gloss::cli`).

fn main() -> std::process::ExitCode {
    gloss::cli::main()
}
