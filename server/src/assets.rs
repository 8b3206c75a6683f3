//! The built assets (`/pkg`: WASM, JavaScript, CSS), served precompressed: at start, each file gets
//! a brotli (quality 11) and a gzip copy beside it, made once, so a visitor downloads the smallest
//! encoding their browser accepts without the server compressing on every request.

use std::io::Write;
use std::path::{Path, PathBuf};
use tower_http::services::ServeDir;

/// Serves `/pkg`, with the `.br` or `.gz` copy when the browser accepts it.
pub fn service(pkg_dir: &Path) -> ServeDir {
    ServeDir::new(pkg_dir)
        .precompressed_br()
        .precompressed_gzip()
}

/// Writes the compressed copies that are missing or older than their file.
pub fn precompress(pkg_dir: &Path) -> std::io::Result<usize> {
    let mut written = 0;
    for entry in std::fs::read_dir(pkg_dir)? {
        let path = entry?.path();
        let compressible = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("wasm" | "js" | "css")
        );
        if !compressible {
            continue;
        }
        let data = std::fs::read(&path)?;
        let brotli_path = with_suffix(&path, "br");
        if is_stale(&path, &brotli_path) {
            let mut out = Vec::new();
            let params = brotli::enc::BrotliEncoderParams {
                quality: 11,
                lgwin: 22,
                ..Default::default()
            };
            brotli::BrotliCompress(&mut data.as_slice(), &mut out, &params)?;
            std::fs::write(&brotli_path, out)?;
            written += 1;
        }
        let gzip_path = with_suffix(&path, "gz");
        if is_stale(&path, &gzip_path) {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            encoder.write_all(&data)?;
            std::fs::write(&gzip_path, encoder.finish()?)?;
            written += 1;
        }
    }
    Ok(written)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn is_stale(source: &Path, copy: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(source), modified(copy)) {
        (Some(source), Some(copy)) => copy < source,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_copies_are_written_once_and_decode_to_the_original() {
        let dir = tempfile::tempdir().unwrap();
        let original = "console.log('comptoir');\n".repeat(200);
        std::fs::write(dir.path().join("app.js"), &original).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not an asset").unwrap();
        assert_eq!(precompress(dir.path()).unwrap(), 2);
        assert_eq!(precompress(dir.path()).unwrap(), 0, "fresh copies are kept");
        let mut decoded = Vec::new();
        let compressed = std::fs::read(dir.path().join("app.js.br")).unwrap();
        brotli::BrotliDecompress(&mut compressed.as_slice(), &mut decoded).unwrap();
        assert_eq!(decoded, original.as_bytes());
        assert!(compressed.len() < original.len() / 10);
        assert!(!dir.path().join("notes.txt.br").exists());
    }
}
