import Protocol
import XCTest

/// REGEXP and the REGEXP_* functions; expected values from the MySQL 8.0 manual.
final class FunctionRegexpTests: XCTestCase {
    func testRegexpFunctions() throws {
        try checkTable([
            ("'Michael!' REGEXP '.*'", i(1)),
            ("'new*\nline' REGEXP 'new\\*.\\*line'", i(0)),
            ("'a' REGEXP '^[a-d]'", i(1)),
            ("'CamelCase' REGEXP '^camel'", i(1)),
            ("'abc' NOT REGEXP 'b'", i(0)),
            ("NULL REGEXP 'a'", null),
            ("REGEXP_LIKE('CamelCase', 'CAMELCASE')", i(1)),
            ("REGEXP_LIKE('CamelCase', 'CAMELCASE', 'c')", i(0)),
            ("REGEXP_LIKE('abc', 'ABC', 'c')", i(0)),
            ("REGEXP_LIKE('fo\nfo', '^fo$')", i(0)),
            ("REGEXP_LIKE('fo\nfo', '^fo$', 'm')", i(1)),
            ("REGEXP_INSTR('dog cat dog', 'dog')", i(1)),
            ("REGEXP_INSTR('aa aaa aaaa', 'a{4}')", i(8)),
            ("REGEXP_INSTR('abc', 'z')", i(0)),
            ("REGEXP_SUBSTR('abc def ghi', '[a-z]+')", t("abc")),
            ("REGEXP_SUBSTR('abc', 'z')", null),
            ("REGEXP_REPLACE('a b c', 'b', 'X')", t("a X c")),
            ("REGEXP_REPLACE('abc def ghi', '[a-z]+', 'X')", t("X X X")),
        ])
    }

    func testInvalidPatternIsAnError() throws {
        let c = try functionConnection()
        XCTAssertThrowsError(try c.scalar("SELECT 'a' REGEXP '('"))
    }
}
