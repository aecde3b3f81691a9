import XCTest
@testable import SQL

final class LexerTests: XCTestCase {
    private func lex(_ sql: String, _ options: Lexer.Options = .default) throws -> [Token] {
        try Lexer(options: options).tokenize(sql).filter { $0.kind != .endOfInput }
    }

    func testWordsSymbolsAndOffsets() throws {
        let tokens = try lex("SELECT a<=>b, c->>'$.x' FROM t")
        XCTAssertEqual(tokens.map(\.text), ["SELECT", "a", "<=>", "b", ",", "c", "->>", "$.x", "FROM", "t"])
        XCTAssertEqual(tokens.map(\.offset), [0, 7, 8, 11, 12, 14, 15, 18, 24, 29])
        XCTAssertEqual(tokens[0].upper, "SELECT")
        XCTAssertEqual(tokens[7].kind, .string)
    }

    func testOperators() throws {
        let tokens = try lex("a := b || c && d -> e != f <> g << h >> i <= j >= k")
        XCTAssertEqual(tokens.filter { $0.kind == .symbol }.map(\.text), [":=", "||", "&&", "->", "!=", "<>", "<<", ">>", "<=", ">="])
    }

    func testBacktickIdentifiers() throws {
        let tokens = try lex("`my``table`.`select`")
        XCTAssertEqual(tokens.map(\.kind), [.quotedIdentifier, .symbol, .quotedIdentifier])
        XCTAssertEqual(tokens[0].text, "my`table")
        XCTAssertEqual(tokens[2].text, "select")
    }

    func testStringEscapes() throws {
        let tokens = try lex(#"'a\nb\tc\0d\\e\'f\"g\Zh\bi\rj' "x""y" 'it''s' '\%\_\q'"#)
        XCTAssertEqual(tokens[0].text, "a\nb\tc\0d\\e'f\"g\u{1A}h\u{8}i\rj")
        XCTAssertEqual(tokens[1].text, "x\"y")
        XCTAssertEqual(tokens[2].text, "it's")
        // \% and \_ keep their backslash (LIKE escapes); \q is just q.
        XCTAssertEqual(tokens[3].text, "\\%\\_q")
    }

    func testNoBackslashEscapesAndAnsiQuotes() throws {
        let noEscapes = try lex(#"'a\n'"#, Lexer.Options(backslashEscapes: false))
        XCTAssertEqual(noEscapes[0].text, "a\\n")
        let ansi = try lex(#""col" 'str'"#, Lexer.Options(ansiQuotes: true))
        XCTAssertEqual(ansi.map(\.kind), [.quotedIdentifier, .string])
    }

    func testNumbers() throws {
        let tokens = try lex("1 12.5 .5 1e3 1.5E-3 1abc 18446744073709551615 3.")
        XCTAssertEqual(tokens.map(\.kind), [.integer, .decimal, .decimal, .float, .float, .word, .integer, .decimal])
        XCTAssertEqual(tokens[5].text, "1abc")
    }

    func testHexAndBitLiterals() throws {
        let tokens = try lex("X'4142' x'ff' 0x1F 0xABC b'101' 0b11 0xZZ")
        XCTAssertEqual(tokens.map(\.kind), [.hex, .hex, .hex, .hex, .bit, .bit, .word])
        XCTAssertEqual(tokens.map(\.text), ["4142", "ff", "1F", "0ABC", "101", "11", "0xZZ"])
        XCTAssertThrowsError(try lex("X'414'"))
    }

    func testComments() throws {
        let tokens = try lex("SELECT 1 # hash\n, 2 -- dash\n, 3 /* block */ , 4--5")
        XCTAssertEqual(tokens.map(\.text), ["SELECT", "1", ",", "2", ",", "3", ",", "4", "-", "-", "5"])
    }

    func testExecutableAndVersionComments() throws {
        let tokens = try lex("CREATE TABLE t (a INT) /*!40101 ENGINE=InnoDB */ /*!99999 IGNORED */ /*! DEFAULT */")
        XCTAssertEqual(tokens.map(\.text).suffix(4), ["ENGINE", "=", "InnoDB", "DEFAULT"])
    }

    func testOptimizerHintIsAToken() throws {
        let tokens = try lex("INSERT /*+ CONSISTENCY(ALL) */ INTO t VALUES (1)")
        XCTAssertEqual(tokens[1].kind, .hint)
        XCTAssertEqual(tokens[1].text, "CONSISTENCY(ALL)")
    }

    func testPlaceholdersAreNumbered() throws {
        let tokens = try lex("SELECT ? , ?, ?").filter { $0.kind == .placeholder }
        XCTAssertEqual(tokens.map(\.parameterIndex), [0, 1, 2])
    }

    func testVariables() throws {
        let tokens = try lex("@a @`b c` @'d' @@sql_mode @@SESSION.sql_mode @@global.x")
        XCTAssertEqual(tokens.map(\.kind), [.userVariable, .userVariable, .userVariable, .systemVariable, .systemVariable, .systemVariable])
        XCTAssertEqual(tokens.map(\.text), ["a", "b c", "d", "sql_mode", "SESSION.sql_mode", "global.x"])
    }

    func testNationalAndIntroducedStrings() throws {
        let tokens = try lex("N'abc' _utf8mb4'x'")
        XCTAssertTrue(tokens[0].national)
        XCTAssertEqual(tokens.map(\.kind), [.string, .word, .string])
    }

    func testUnterminatedInputIsA1064WithOffset() {
        for (sql, offset) in [("SELECT 'abc", 7), ("SELECT `abc", 7), ("SELECT /* x", 7), ("SELECT 1 \u{1}", 9)] {
            XCTAssertThrowsError(try lex(sql)) { error in
                let e = error as? SQLError
                XCTAssertEqual(e?.code, .syntax, sql)
                XCTAssertEqual(e?.mysqlErrorCode, 1064)
                XCTAssertEqual(e?.offset, offset, sql)
            }
        }
    }

    func testNonASCIIIdentifiers() throws {
        let tokens = try lex("SELECT café FROM tëst")
        XCTAssertEqual(tokens.map(\.text), ["SELECT", "café", "FROM", "tëst"])
        XCTAssertEqual(tokens[2].offset, 13)
    }
}
