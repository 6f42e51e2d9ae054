//! A set of clients of one protocol (Fuchsia's `InterfacePtrSet`): send or call on every
//! member at once; members whose connection closed are dropped from the set.

use crate::client::Client;
use crate::error::Error;
use fidlwire::ProtocolMarker;
use fidlwire::protocol::{OneWay, TwoWay};
use std::sync::Mutex;

/// Clients of protocol `P`, addressed together.
pub struct ClientSet<P: ProtocolMarker> {
    members: Mutex<Vec<Client<P>>>,
}

impl<P: ProtocolMarker> Default for ClientSet<P> {
    fn default() -> Self {
        ClientSet {
            members: Mutex::new(Vec::new()),
        }
    }
}

impl<P: ProtocolMarker> std::fmt::Debug for ClientSet<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientSet")
            .field("protocol", &P::NAME)
            .field("len", &self.len())
            .finish()
    }
}

impl<P: ProtocolMarker> ClientSet<P> {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    fn members(&self) -> std::sync::MutexGuard<'_, Vec<Client<P>>> {
        self.members.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds a member (anything convertible into a client, e.g. a generated proxy's client).
    pub fn add(&self, client: impl Into<Client<P>>) {
        self.members().push(client.into());
    }

    /// Members now (closed ones included until the next send, call or [`ClientSet::prune`]).
    pub fn len(&self) -> usize {
        self.members().len()
    }

    /// True without members.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drops members whose connection is closed; returns how many remain.
    pub fn prune(&self) -> usize {
        let mut members = self.members();
        members.retain(|c| !c.is_closed());
        members.len()
    }

    /// A snapshot of the members (clients are cheap clones).
    pub fn clients(&self) -> Vec<Client<P>> {
        self.members().clone()
    }

    /// Sends one-way method `M` to every member, concurrently; returns how many members took
    /// it. Members whose connection is closed are dropped.
    pub async fn send<M: OneWay<Protocol = P>>(&self, request: &M::Request) -> usize
    where
        M::Request: Sync,
    {
        let members = self.clients();
        let results =
            futures_util::future::join_all(members.iter().map(|c| c.send::<M>(request))).await;
        let delivered = results.iter().filter(|r| r.is_ok()).count();
        self.prune();
        delivered
    }

    /// Calls two-way method `M` on every member, concurrently, and returns each member's
    /// result in member order. Members whose connection is closed are dropped afterwards.
    pub async fn call<M: TwoWay<Protocol = P>>(
        &self,
        request: &M::Request,
    ) -> Vec<Result<M::Output, Error>>
    where
        M::Request: Sync,
    {
        let members = self.clients();
        let results =
            futures_util::future::join_all(members.iter().map(|c| c.call::<M>(request))).await;
        self.prune();
        results
    }
}
