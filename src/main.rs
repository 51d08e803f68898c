//! Entry point: parse arguments and dispatch; nothing else.

use clap::Parser;
use kefu::cli::{Cli, Command};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let overrides = cli.overrides();
    let result = match cli.command {
        None => kefu::tui::run(cli.as_operator, &overrides).await,
        Some(Command::Serve(args)) => kefu::backoffice::serve_command(args).await,
        Some(Command::Operator(cmd)) => kefu::backoffice::operator_command(cmd).await,
        Some(Command::Audit(cmd)) => kefu::backoffice::audit_command(cmd).await,
        Some(Command::Config(cmd)) => kefu::config::run_command(&cmd, &overrides),
        Some(Command::GenData(args)) => kefu::backoffice::scale::gen_data_command(args).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kefu: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
