//! Source text to tokens.

use crate::Error;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Int(i64),
    Ident(String),
    Fn,
    Let,
    If,
    Else,
    While,
    True,
    False,
    IntType,
    BoolType,
    LParen,
    RParen,
    LBrace,
    RBrace,
    Comma,
    Colon,
    Semi,
    Arrow,
    Assign,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Bang,
    Lt,
    Le,
    Gt,
    Ge,
    EqEq,
    Ne,
}

/// A token and the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub line: usize,
}

pub fn lex(src: &str) -> Result<Vec<Token>, Error> {
    let chars: Vec<char> = src.chars().collect();
    let mut tokens = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < chars.len() {
        let c = chars[i];
        let two = |second: char| chars.get(i + 1) == Some(&second);
        let (tok, len) = match c {
            '\n' => {
                line += 1;
                i += 1;
                continue;
            }
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '/' if two('/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '0'..='9' => {
                let start = i;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                let n = text.parse().map_err(|_| Error::Syntax {
                    line,
                    message: format!("number too large: {text}"),
                })?;
                tokens.push(Token {
                    tok: Tok::Int(n),
                    line,
                });
                continue;
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                let tok = match word.as_str() {
                    "fn" => Tok::Fn,
                    "let" => Tok::Let,
                    "if" => Tok::If,
                    "else" => Tok::Else,
                    "while" => Tok::While,
                    "true" => Tok::True,
                    "false" => Tok::False,
                    "int" => Tok::IntType,
                    "bool" => Tok::BoolType,
                    _ => Tok::Ident(word),
                };
                tokens.push(Token { tok, line });
                continue;
            }
            '-' if two('>') => (Tok::Arrow, 2),
            '<' if two('=') => (Tok::Le, 2),
            '>' if two('=') => (Tok::Ge, 2),
            '=' if two('=') => (Tok::EqEq, 2),
            '!' if two('=') => (Tok::Ne, 2),
            '(' => (Tok::LParen, 1),
            ')' => (Tok::RParen, 1),
            '{' => (Tok::LBrace, 1),
            '}' => (Tok::RBrace, 1),
            ',' => (Tok::Comma, 1),
            ':' => (Tok::Colon, 1),
            ';' => (Tok::Semi, 1),
            '=' => (Tok::Assign, 1),
            '+' => (Tok::Plus, 1),
            '-' => (Tok::Minus, 1),
            '*' => (Tok::Star, 1),
            '/' => (Tok::Slash, 1),
            '%' => (Tok::Percent, 1),
            '!' => (Tok::Bang, 1),
            '<' => (Tok::Lt, 1),
            '>' => (Tok::Gt, 1),
            other => {
                return Err(Error::Syntax {
                    line,
                    message: format!("unexpected character {other:?}"),
                });
            }
        };
        tokens.push(Token { tok, line });
        i += len;
    }
    Ok(tokens)
}
