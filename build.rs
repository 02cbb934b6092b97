// The default theme and the starter site are embedded with include_dir!/include_str!;
// tell Cargo to rebuild when any of their files change (include_dir! alone does not).
fn main() {
    println!("cargo:rerun-if-changed=themes");
    println!("cargo:rerun-if-changed=starter");
}
