/// Names that become folder names and CSV fields (scenario and arm names): letters, digits,
/// '_', '-' and '.', checked character by character over the whole string (a regular
/// expression's `$` also matches before a final newline, which let "arm\n" through), and not
/// only dots ('.' and '..' are not folder names of their own).
enum SafeName {
  static func isValid(_ name: String) -> Bool {
    !name.isEmpty && !name.unicodeScalars.allSatisfy { $0 == "." }
      && name.unicodeScalars.allSatisfy {
        ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == "."
      }
  }
}
