//! What the search, the diagnosis and the explanation share: the fitting offers, indexed once.
//!
//! The offers that fit some component are numbered densely (*slots*) while the catalog is
//! filtered, so that their provider, price, carbon and capacity are read while the offer is at
//! hand; the search then works on these small arrays rather than on the catalog.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::format::{Blueprint, Catalog, Offer};

/// A multiply-xor hash taking eight bytes at a time (after FNV-1a's constants): provider names
/// are short, and this costs a fraction of the default hash on them.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            hash = (hash ^ u64::from_le_bytes(word)).wrapping_mul(0x0100_0000_01b3);
            hash ^= hash >> 29;
        }
        self.0 = hash;
    }
}

/// A dense index as stored: offers and providers are far fewer than `u32::MAX`.
pub(crate) fn index(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The fitting offers, collected during filtering (see [`Offers::add`]).
pub(crate) struct Offers<'a> {
    names: HashMap<&'a str, u32, BuildHasherDefault<Fnv>>,
    slot_of: Vec<u32>,
    offers: Vec<usize>,
    /// Provider of each slot, numbered in order of first appearance.
    seen: Vec<u32>,
    price: Vec<u64>,
    carbon: Vec<u64>,
    capacity: Vec<Option<u64>>,
}

impl<'a> Offers<'a> {
    pub fn new(catalog: &Catalog) -> Self {
        Self {
            names: HashMap::default(),
            slot_of: vec![u32::MAX; catalog.offers().len()],
            offers: Vec::new(),
            seen: Vec::new(),
            price: Vec::new(),
            carbon: Vec::new(),
            capacity: Vec::new(),
        }
    }

    /// Records offer `o`, which fits some component (once per offer).
    pub fn add(&mut self, o: usize, offer: &'a Offer) {
        self.slot_of[o] = index(self.offers.len());
        self.offers.push(o);
        let next = index(self.names.len());
        self.seen
            .push(*self.names.entry(offer.provider().as_str()).or_insert(next));
        self.price.push(offer.monthly_price_minor());
        self.carbon.push(offer.carbon_g_month());
        self.capacity.push(offer.capacity());
    }
}

/// The inputs shared by the search, the diagnosis and the explanation.
pub(crate) struct Context<'a> {
    pub catalog: &'a Catalog,
    pub blueprint: &'a Blueprint,
    pub fitting: Vec<Vec<usize>>,
    /// Dense provider index of each offer that fits some component (`u32::MAX` otherwise).
    pub provider_of: Vec<u32>,
    /// Slot of each offer that fits some component (`u32::MAX` otherwise).
    pub slot_of: Vec<u32>,
    /// Per slot: the offer, its provider's dense index, price, carbon and capacity.
    pub slot_offers: Vec<usize>,
    pub slot_provider: Vec<usize>,
    pub slot_price: Vec<u64>,
    pub slot_carbon: Vec<u64>,
    pub slot_capacity: Vec<Option<u64>>,
    pub provider_names: Vec<String>,
}

impl<'a> Context<'a> {
    /// Providers are renumbered in name order, which fixes the search order.
    pub fn new(
        catalog: &'a Catalog,
        blueprint: &'a Blueprint,
        fitting: Vec<Vec<usize>>,
        offers: Offers<'_>,
    ) -> Self {
        let mut names: Vec<(&str, u32)> = offers.names.into_iter().collect();
        names.sort_unstable();
        let mut renumber = vec![0; names.len()];
        for (rank, &(_, seen)) in names.iter().enumerate() {
            renumber[seen as usize] = rank;
        }
        let slot_provider: Vec<usize> = offers.seen.iter().map(|&s| renumber[s as usize]).collect();
        let mut provider_of = vec![u32::MAX; catalog.offers().len()];
        for (&o, &p) in offers.offers.iter().zip(&slot_provider) {
            provider_of[o] = index(p);
        }
        Self {
            catalog,
            blueprint,
            fitting,
            provider_of,
            slot_of: offers.slot_of,
            slot_offers: offers.offers,
            slot_provider,
            slot_price: offers.price,
            slot_carbon: offers.carbon,
            slot_capacity: offers.capacity,
            provider_names: names.iter().map(|(name, _)| (*name).to_owned()).collect(),
        }
    }

    pub fn money(&self, minor: u64) -> String {
        self.catalog.currency().display_minor(minor)
    }
}
