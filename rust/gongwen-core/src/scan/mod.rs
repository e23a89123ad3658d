pub mod lexicon;
