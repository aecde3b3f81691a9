/// The MySQL dialect layer (issue 4): lexer, parser, SQLite printer.
public enum SQLDialect {}
