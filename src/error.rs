//! The library's one error type. I/O failures are kept apart from bad content
//! so a caller can tell "could not read the file" from "the file is wrong".

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Input { path: PathBuf, message: String },
    #[error("{path}: {message}")]
    Lexicon { path: String, message: String },
    #[error("{path}: {message}")]
    Gold { path: PathBuf, message: String },
    #[error("store {path}: {message}")]
    Store { path: PathBuf, message: String },
    #[error("{0}")]
    Query(String),
    #[error("export: {0}")]
    Export(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn input(path: impl Into<PathBuf>, message: impl Into<String>) -> Error {
        Error::Input {
            path: path.into(),
            message: message.into(),
        }
    }

    /// A query that parsed but failed while it ran.
    pub fn query_failed(e: impl std::fmt::Display) -> Error {
        Error::Query(format!("query failed: {e}"))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
