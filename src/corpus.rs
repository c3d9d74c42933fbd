pub fn write(_o: &std::path::Path, _a: usize, _y: usize, _s: i32) -> std::io::Result<usize> {
    Ok(0)
}
