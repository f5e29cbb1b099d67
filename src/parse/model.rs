//! The file format of the trained models: a magic line naming the kind of
//! model and the format version, then little-endian fields, then a BLAKE3
//! digest of everything before it, so a truncated or damaged file is
//! refused with its name rather than read into nonsense.

use std::fmt;

const MAGIC: &[u8; 8] = b"NGMODEL\0";
const VERSION: u32 = 1;

/// Why a model file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    /// The file (or the name of the compiled-in model).
    pub file: String,
    pub problem: String,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.problem)
    }
}

impl std::error::Error for ModelError {}

/// Writes one model: call the field methods in the order the reader reads.
#[derive(Debug)]
pub struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    /// Starts a model of the given kind ("tagger", "parser", "entities").
    pub fn new(kind: &str) -> Writer {
        let mut w = Writer { bytes: Vec::new() };
        w.bytes.extend_from_slice(MAGIC);
        w.u32(VERSION);
        w.str(kind);
        w
    }

    pub fn u16(&mut self, v: u16) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub fn f32(&mut self, v: f32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub fn str(&mut self, v: &str) {
        self.u32(v.len() as u32);
        self.bytes.extend_from_slice(v.as_bytes());
    }

    pub fn strs(&mut self, v: &[String]) {
        self.u32(v.len() as u32);
        for s in v {
            self.str(s);
        }
    }

    /// The file's bytes, digest appended.
    pub fn finish(mut self) -> Vec<u8> {
        let digest = blake3::hash(&self.bytes);
        self.bytes.extend_from_slice(digest.as_bytes());
        self.bytes
    }
}

/// Reads one model's fields in the order they were written.
#[derive(Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    file: String,
    kind: String,
}

impl<'a> Reader<'a> {
    /// Checks the magic, the version and the digest, and reads the kind.
    pub fn new(bytes: &'a [u8], file: &str) -> Result<Reader<'a>, ModelError> {
        let error = |problem: &str| ModelError {
            file: file.to_string(),
            problem: problem.to_string(),
        };
        if bytes.len() < MAGIC.len() + 4 + 32 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(error("not a newsgraph model file"));
        }
        let (body, digest) = bytes.split_at(bytes.len() - 32);
        if blake3::hash(body).as_bytes() != digest {
            return Err(error("damaged or truncated model file (checksum mismatch)"));
        }
        let mut r = Reader {
            bytes: body,
            at: MAGIC.len(),
            file: file.to_string(),
            kind: String::new(),
        };
        let version = r.u32()?;
        if version != VERSION {
            return Err(error(&format!(
                "model format version {version}, this newsgraph reads version {VERSION}"
            )));
        }
        r.kind = r.str()?;
        Ok(r)
    }

    /// The kind of model the file holds.
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// Fails unless the file holds a model of `kind`.
    pub fn expect_kind(&self, kind: &str) -> Result<(), ModelError> {
        if self.kind == kind {
            Ok(())
        } else {
            Err(self.error(format!(
                "a {} model where a {kind} model was expected",
                self.kind
            )))
        }
    }

    pub fn error(&self, problem: String) -> ModelError {
        ModelError {
            file: self.file.clone(),
            problem,
        }
    }

    /// Bytes not read yet (bounds the capacity a length field may ask for).
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        if self.remaining() < n {
            return Err(self.error(format!("model file ends early (at byte {})", self.at)));
        }
        let out = &self.bytes[self.at..self.at + n];
        self.at += n;
        Ok(out)
    }

    pub fn u16(&mut self) -> Result<u16, ModelError> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    pub fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn u64(&mut self) -> Result<u64, ModelError> {
        let b = self.take(8)?;
        let mut a = [0; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    pub fn f32(&mut self) -> Result<f32, ModelError> {
        let b = self.take(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn str(&mut self) -> Result<String, ModelError> {
        let len = self.u32()? as usize;
        let b = self.take(len)?;
        String::from_utf8(b.to_vec()).map_err(|_| self.error("text field is not UTF-8".into()))
    }

    pub fn strs(&mut self) -> Result<Vec<String>, ModelError> {
        let n = self.u32()? as usize;
        let mut out = Vec::with_capacity(n.min(self.remaining() / 4));
        for _ in 0..n {
            out.push(self.str()?);
        }
        Ok(out)
    }

    /// Fails unless every byte was read: a model of another layout.
    pub fn end(&self) -> Result<(), ModelError> {
        if self.remaining() == 0 {
            Ok(())
        } else {
            Err(self.error(format!("{} unexpected bytes at the end", self.remaining())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let mut w = Writer::new("tagger");
        w.u32(7);
        w.strs(&["NN".to_string(), "VB".to_string()]);
        w.f32(0.5);
        w.finish()
    }

    #[test]
    fn fields_round_trip() {
        let bytes = sample();
        let mut r = Reader::new(&bytes, "m.bin").unwrap();
        assert_eq!(r.kind(), "tagger");
        assert_eq!(r.u32().unwrap(), 7);
        assert_eq!(r.strs().unwrap(), ["NN", "VB"]);
        assert_eq!(r.f32().unwrap(), 0.5);
        r.end().unwrap();
    }

    #[test]
    fn damaged_files_are_refused_with_their_name() {
        let mut bytes = sample();
        let last = bytes.len() - 40;
        bytes[last] ^= 1;
        let e = Reader::new(&bytes, "models/tagger.bin").unwrap_err();
        assert_eq!(e.file, "models/tagger.bin");
        assert!(e.problem.contains("checksum"), "{e}");
        let e = Reader::new(b"hello", "x.bin").unwrap_err();
        assert!(
            e.to_string().starts_with("x.bin: not a newsgraph model"),
            "{e}"
        );
        let truncated = &sample()[..20];
        assert!(Reader::new(truncated, "t.bin").is_err());
    }

    #[test]
    fn a_model_of_another_kind_is_refused() {
        let bytes = sample();
        let r = Reader::new(&bytes, "m.bin").unwrap();
        let e = r.expect_kind("parser").unwrap_err();
        assert!(e.problem.contains("tagger model where a parser"), "{e}");
    }
}
