//! `multi` (14) and `multiRead` (22): the `MultiOperationRecord` a client sends (each op behind a
//! `MultiHeader{type, done, err}`, closed by `{-1, true, -1}`) and the `MultiResponse` the server
//! answers (each result behind a `MultiHeader`, closed the same way).

use zkplay_core::request::{Op, OpResult, Request, Response};
use zkplay_core::ZkError;

use crate::error::WireError;
use crate::jute::{In, Out};
use crate::opcode;
use crate::reply::reply_header;
use crate::request::{decode_op, encode_op, op_code};

/// Writes a multi's ops and the closing header (client).
pub(crate) fn encode_ops(o: &mut Out, ops: &[Op]) {
    for op in ops {
        multi_header(o, op_code(op, true), false, -1);
        encode_op(o, op);
    }
    multi_header(o, -1, true, -1);
}

/// Reads a multi's ops (server): the ops and the code each came with.
pub(crate) fn decode_ops(i: &mut In) -> Result<(Vec<Op>, Vec<i32>), WireError> {
    let mut ops = Vec::new();
    let mut codes = Vec::new();
    while let Some(code) = next_header(i)? {
        ops.push(decode_op(code, i)?);
        codes.push(code);
    }
    Ok((ops, codes))
}

/// Reads a `multiRead`'s ops (server): only getChildren (8) and getData (4) may be in one.
pub(crate) fn decode_reads(i: &mut In) -> Result<Vec<Request>, WireError> {
    let mut reads = Vec::new();
    while let Some(code) = next_header(i)? {
        let path = i.string()?;
        let watch = i.boolean()?;
        reads.push(match code {
            opcode::GET_CHILDREN => Request::GetChildren { path, watch },
            opcode::GET_DATA => Request::GetData { path, watch },
            t => return Err(WireError::UnknownMultiOp(t)),
        });
    }
    Ok(reads)
}

/// A `multi`'s reply (server): `ReplyHeader{xid, zxid, 0}` then the `MultiResponse`.
///
/// `multi_ops` are the codes the ops came with (`Packet::Request::multi_ops`): a create sent as
/// create (1) answers `{1, false, 0}` and the path alone; one sent as create2, createTTL or
/// createContainer answers `{15, false, 0}` (create2, whatever it was sent as), the path and
/// the Stat. A missing code reads as create (1), what the Java client, Curator and kazoo send
/// a plain create in a multi as (their container and TTL creates are 19 and 21).
///
/// A failed multi is a success at this level, as ZooKeeper answers it: header err 0, and every
/// result an error result (`{-1, false, code}` then `ErrorResponse{code}`: 0 for the ops before
/// the failing one, its code, then RUNTIMEINCONSISTENCY (-2) after). An `Err` (a whole-request
/// error such as SESSIONEXPIRED) is the header alone with its code.
pub fn encode_multi_reply(
    xid: i32,
    zxid: i64,
    multi_ops: &[i32],
    result: &Result<Response, ZkError>,
) -> Vec<u8> {
    let results = match result {
        Ok(Response::Multi(results)) => results,
        Ok(_) => return reply_header(xid, zxid, 0).into_bytes(),
        Err(e) => return reply_header(xid, zxid, e.code()).into_bytes(),
    };
    let mut o = reply_header(xid, zxid, 0);
    for (k, r) in results.iter().enumerate() {
        match r {
            OpResult::Create { path, stat } => {
                // Measured on 3.8.0: a create (1) answers CreateResult{path} with type 1; a
                // create2, createTTL or createContainer answers type create2 (15), with the Stat.
                let sent_as_create = multi_ops.get(k).is_none_or(|&c| c == opcode::CREATE);
                if sent_as_create {
                    multi_header(&mut o, opcode::CREATE, false, 0);
                    o.string(path);
                } else {
                    multi_header(&mut o, opcode::CREATE2, false, 0);
                    o.string(path);
                    o.stat(stat);
                }
            }
            OpResult::Delete => multi_header(&mut o, opcode::DELETE, false, 0),
            OpResult::SetData { stat } => {
                multi_header(&mut o, opcode::SET_DATA, false, 0);
                o.stat(stat);
            }
            OpResult::Check => multi_header(&mut o, opcode::CHECK, false, 0),
            OpResult::Error { code } => error_result(&mut o, *code),
        }
    }
    multi_header(&mut o, -1, true, -1);
    o.into_bytes()
}

/// A `multiRead`'s reply (server), one result per read in order: getChildren (8) answers the
/// names alone, getData (4) the data and Stat, a failed read an error result with its code.
/// The header's err is 0 even when reads failed, as ZooKeeper answers.
pub fn encode_multi_read_reply(
    xid: i32,
    zxid: i64,
    results: &[Result<Response, ZkError>],
) -> Vec<u8> {
    let mut o = reply_header(xid, zxid, 0);
    for r in results {
        match r {
            Ok(Response::GetChildren { children, .. }) => {
                multi_header(&mut o, opcode::GET_CHILDREN, false, 0);
                o.strings(children);
            }
            Ok(Response::GetData { data, stat }) => {
                multi_header(&mut o, opcode::GET_DATA, false, 0);
                o.buffer(data.as_deref());
                o.stat(stat);
            }
            // No other response answers a read; it would be a bug in the caller.
            Ok(_) => error_result(&mut o, ZkError::SystemError.code()),
            Err(e) => error_result(&mut o, e.code()),
        }
    }
    multi_header(&mut o, -1, true, -1);
    o.into_bytes()
}

/// Decodes a `MultiResponse` (client), the body after the reply header.
pub fn decode_multi_response(body: &[u8]) -> Result<Vec<OpResult>, WireError> {
    let mut i = In::new(body);
    let mut out = Vec::new();
    loop {
        let kind = i.int()?;
        let done = i.boolean()?;
        let err = i.int()?;
        if done {
            break;
        }
        out.push(match kind {
            opcode::CREATE => OpResult::Create {
                path: i.string()?,
                stat: Default::default(),
            },
            opcode::CREATE2 | opcode::CREATE_CONTAINER | opcode::CREATE_TTL => OpResult::Create {
                path: i.string()?,
                stat: i.stat()?,
            },
            opcode::DELETE => OpResult::Delete,
            opcode::SET_DATA => OpResult::SetData { stat: i.stat()? },
            opcode::CHECK => OpResult::Check,
            opcode::ERROR => OpResult::Error { code: i.int()? },
            _ => OpResult::Error { code: err },
        });
    }
    Ok(out)
}

fn error_result(o: &mut Out, code: i32) {
    multi_header(o, opcode::ERROR, false, code);
    o.int(code);
}

fn multi_header(o: &mut Out, kind: i32, done: bool, err: i32) {
    o.int(kind);
    o.boolean(done);
    o.int(err);
}

/// The next op's code, or `None` at the closing header.
fn next_header(i: &mut In) -> Result<Option<i32>, WireError> {
    let code = i.int()?;
    let done = i.boolean()?;
    let _err = i.int()?;
    Ok((!done).then_some(code))
}
