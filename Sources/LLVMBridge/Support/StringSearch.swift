// Why this file exists: IR text is searched for ASCII syntax all through loading, and `Character`-wise search
// (grapheme breaking at every step) is far too slow for it; this is a byte-wise one.
extension String {
    /// The range of the first occurrence of `target`, compared byte for byte in UTF-8 (IR text is ASCII syntax): a
    /// Foundation-free `range(of:)`. Byte comparison, not `Character` comparison: checking a prefix at every
    /// `Character` position costs grapheme breaking at each step. (UTF-8 is self-synchronizing, so a match always
    /// starts and ends on scalar boundaries.)
    public func firstRange(of target: String) -> Range<String.Index>? {
        let needle = Array(target.utf8)
        guard !needle.isEmpty else { return nil }
        let found: Int?? = utf8.withContiguousStorageIfAvailable { haystack -> Int? in
            guard haystack.count >= needle.count else { return nil }
            let first = needle[0]
            var start = 0
            while start <= haystack.count - needle.count {
                if haystack[start] == first {
                    var matched = 1
                    while matched < needle.count && haystack[start + matched] == needle[matched] { matched += 1 }
                    if matched == needle.count { return start }
                }
                start += 1
            }
            return nil
        }
        let offset: Int?
        if let found { offset = found } else {
            let bytes = Array(utf8)   // bridged or otherwise non-contiguous strings: search a copy
            offset = bytes.count < needle.count ? nil
                : (0...(bytes.count - needle.count)).first { start in
                    bytes[start..<(start + needle.count)].elementsEqual(needle)
                }
        }
        guard let offset else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: needle.count)
    }
}
