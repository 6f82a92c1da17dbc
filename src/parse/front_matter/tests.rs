use std::path::Path;

use super::*;

fn fm(text: &str) -> Result<FrontMatter, Diagnostics> {
    let path = Path::new("content/a.md");
    let s = split(path, text).map_err(Diagnostics::from)?;
    parse(path, &s, &["issues".to_owned()])
}

fn first_error(text: &str) -> Diagnostic {
    fm(text).unwrap_err().sorted().remove(0)
}

#[test]
fn splits_front_matter_and_counts_body_lines() {
    let s = split(Path::new("a.md"), "---\ntitle: x\n---\n# body\n").unwrap();
    assert_eq!(s.yaml, "title: x\n");
    assert_eq!(s.body, "# body\n");
    assert_eq!(s.body_line, 4);
}

#[test]
fn closing_line_may_carry_trailing_spaces_and_end_the_file() {
    let s = split(Path::new("a.md"), "---\ntitle: x\n---  ").unwrap();
    assert_eq!(s.body, "");
}

#[test]
fn unterminated_front_matter_is_an_error_at_line_1() {
    let d = split(Path::new("a.md"), "---\ntitle: x\nbody\n").unwrap_err();
    assert_eq!(d.line, Some(1));
    assert_eq!(d.code, Code::E0202, "{d}");
}

#[test]
fn missing_front_matter_is_an_error() {
    let d = split(Path::new("a.md"), "# just markdown\n").unwrap_err();
    assert_eq!(d.code, Code::E0201, "{d}");
}

#[test]
fn missing_title_is_an_error() {
    let d = first_error("---\nweight: 1\n---\n");
    assert_eq!(d.code, Code::E0205, "{d}");
}

#[test]
fn wrong_type_names_the_line_in_the_file() {
    let d = first_error("---\ntitle: x\nweight: abc\n---\n");
    assert_eq!((d.line, d.col), (Some(3), Some(9)), "{d}");
    assert_eq!(
        (d.code, d.arg_value("key")),
        (Code::E0102, Some("weight")),
        "{d}"
    );
}

#[test]
fn invalid_yaml_names_the_line_in_the_file() {
    let d = first_error("---\ntitle: x\nissues: [a\n---\n");
    assert!(d.line.unwrap() >= 3, "{d}");
    assert_eq!(d.code, Code::E0101, "{d}");
}

#[test]
fn unknown_key_names_key_and_line() {
    let d = first_error("---\ntitle: x\n\ncolour: red\n---\n");
    assert_eq!(d.line, Some(4));
    assert_eq!(
        (d.code, d.arg_value("key")),
        (Code::E0203, Some("colour")),
        "{d}"
    );
}

#[test]
fn relation_keys_accept_one_or_many() {
    let f = fm("---\ntitle: x\nissues: [a, b]\n---\n").unwrap();
    assert_eq!(
        f.relations,
        vec![("issues".to_owned(), vec!["a".to_owned(), "b".to_owned()])]
    );
    let f = fm("---\ntitle: x\nissues: a\n---\n").unwrap();
    assert_eq!(f.relations[0].1, vec!["a"]);
    assert_eq!(f.value_position("issues", "a"), Some((3, 9)));
}

#[test]
fn dates_are_parsed_and_bad_dates_located() {
    let f = fm("---\ntitle: x\ndate: 2011-01-07\n---\n").unwrap();
    assert_eq!(f.date.unwrap().iso(), "2011-01-07");
    let d = first_error("---\ntitle: x\ndate: 2011-02-30\n---\n");
    assert_eq!(d.line, Some(3));
}

#[test]
fn extra_keeps_any_data() {
    let f = fm("---\ntitle: x\nextra:\n  a: [1, two]\n---\n").unwrap();
    let Data::Map(m) = &f.extra else { panic!() };
    assert_eq!(
        m["a"],
        Data::List(vec![Data::Int(1), Data::String("two".into())])
    );
}

#[test]
fn duplicate_key_is_an_error() {
    let d = first_error("---\ntitle: x\ntitle: y\n---\n");
    assert_eq!(
        (d.code, d.arg_value("key")),
        (Code::E0106, Some("title")),
        "{d}"
    );
}

#[test]
fn a_scalar_of_another_type_is_read_as_the_text_written() {
    let f = fm("---\ntitle: 2011\nslug: 1.10\ndescription: 0x10\n---\n").unwrap();
    assert_eq!(f.title, "2011");
    assert_eq!(f.slug.as_deref(), Some("1.10"));
    assert_eq!(f.description.as_deref(), Some("0x10"));
}
