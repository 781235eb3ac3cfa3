"""The French sentiment lexicon: textblob-fr's adjectives plus our own vocabulary.

textblob-fr (PDDL licence) only knows adjectives, tuned on book reviews. Customer-relations
posts complain with nouns and verbs ("panne", "injoignable", "on m'a remboursé"), so we add a
hand-written vocabulary of customer relations and of everyday opinion. Our entries win over
textblob-fr's. A trailing `*` makes an entry a stem that matches any ending ("arnaqu*" matches
"arnaque", "arnaqueurs"). Values are polarities in -1..1.

Written by hand by the project; nothing here was extracted from an evaluation data set.
"""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.analyse.text import fold

# --- customer relations: service, network, billing, delivery, staff --------------------------
CUSTOMER_RELATIONS = """
panne -0.7  pannes -0.7  coupure* -0.6  coupe -0.3  coupee -0.4  coupes -0.3  bug -0.5  bugs -0.5
bugge* -0.5  beug* -0.5  plantage* -0.5  lenteur* -0.6  rame -0.4
ramer -0.4  rament -0.4  galere* -0.6  injoignable* -0.8  attente -0.3  attendre -0.2
attends -0.2  poireaut* -0.6  appreciable 0.5  appreciables 0.5
arnaqu* -0.9  escroc* -0.9  escroquerie* -0.9  voleur* -0.8  vol -0.4  voles -0.6  vole -0.3
surfactur* -0.8  erreur* -0.4  probleme* -0.5  souci* -0.4  incident* -0.4  dysfonctionnement* -0.6
retard* -0.5  annule* -0.4  annulation* -0.4  resiliation* -0.4  resilie -0.5
resilier -0.5  resiliee -0.5  reclamation* -0.4  plainte* -0.5  litige* -0.5
relance* -0.2  toujours_rien -0.6  inadmissible* -0.9  inacceptable* -0.9  scandale* -0.8
scandaleu* -0.9  honte* -0.8
honteu* -0.8  lamentable* -0.8  catastroph* -0.8  desastr* -0.8  deplorable* -0.8
nul -0.7  nuls -0.7  nulle -0.7  nulles -0.7  nullite -0.8  pourri* -0.8  merdique* -0.9
merde* -0.7  daube -0.8  foutage -0.8  foutent -0.5  fout -0.4  deception* -0.7
decu -0.7  decue -0.7  decus -0.7  decues -0.7  decevant* -0.7  decoit -0.6  degoute* -0.7
marre -0.7  ras-le-bol -0.8  incompeten* -0.8  mepris* -0.7  irrespectu* -0.7  impoli* -0.7
desagreable* -0.6  agressi* -0.6  insupportable* -0.8  inutile* -0.6  inefficace* -0.6
lent -0.5  lente -0.5  lents -0.5  lentes -0.5  instable* -0.5  cher -0.3  chere -0.3
chers -0.3  cheres -0.3  hors_de_prix -0.7  abusi* -0.7  abus -0.7  piege* -0.6
mensonge* -0.7  menteu* -0.7  mentir -0.6  ment -0.5  trompe* -0.6  tromperie* -0.8
perdu -0.3  perdue -0.3  perte* -0.4  casse -0.4  casses -0.4  endommage* -0.6  abime* -0.5
defectueu* -0.7  pire* -0.7  horrible* -0.9  affreu* -0.8  minable* -0.8  mediocre* -0.6
fuir -0.6  fuyez -0.9  evitez -0.6  eviter -0.3  bloque* -0.4  suspendu* -0.4
impossible -0.5  jamais_repondu -0.7  silence -0.3  ignore* -0.4  oublie* -0.3
rembourse* 0.4  remboursement* 0.1  geste_commercial 0.5  resolu* 0.6
depanne* 0.4  repare* 0.4  retabli* 0.5  fonctionne 0.3  marche_bien 0.6  fiable* 0.6
stable 0.4  rapide* 0.6  rapidement 0.5  reacti* 0.7  efficace* 0.7  efficacite 0.6
merci 0.5  mercii 0.5  remercie* 0.6  remerciement* 0.6  bravo 0.8  felicit* 0.8
top 0.7  nickel 0.7  impeccable* 0.8  parfait* 0.8  excellent* 0.9  genial* 0.9
super 0.7  sympa 0.6  sympas 0.6  sympathique* 0.6  aimable* 0.7  adorable* 0.8
souriant* 0.6  chaleureu* 0.7  accueillant* 0.6  professionnel* 0.5  professionnalisme 0.7
competent* 0.6  serviable* 0.7  patient 0.5  patiente 0.5  attentionne* 0.7  agreable* 0.6
ravi 0.8  ravie 0.8  ravis 0.8  ravies 0.8  satisfait* 0.7  satisfaction 0.6
content 0.6  contente 0.6  contents 0.6  contentes 0.6  heureu* 0.7  enchante* 0.7
recommande 0.5  recommandons 0.5  conseille 0.3  qualite* 0.4  performant* 0.6
gratuit* 0.3  offert* 0.3  cadeau* 0.4  avantageu* 0.5  economiser 0.3  economise 0.3
abordable* 0.5  fluide* 0.5  simple 0.3  pratique* 0.4  clair 0.3  claire 0.3  transparen* 0.4
"""

# --- everyday opinion, news and public debate -------------------------------------------------
GENERAL = """
aime 0.6  aimer 0.5  aimons 0.6  aimez 0.5  adore* 0.8  kiffe* 0.7  love 0.7  coeur 0.3
bonheur 0.8  joie* 0.7  plaisir* 0.6  rire 0.4  sourire* 0.5  fier 0.6  fiere 0.6  fierte 0.7
beau 0.6  belle 0.6  beaux 0.6  belles 0.6  magnifique* 0.9  merveille* 0.9  splendide* 0.8
formidable* 0.8  fantastique* 0.8  extraordinaire* 0.7  incroyable* 0.5  exceptionnel* 0.7
bien 0.4  mieux 0.5  meilleur* 0.6  bon 0.6  bonne 0.6  bons 0.6  bonnes 0.6  chouette 0.6
interessant* 0.5  utile* 0.4  positi* 0.5  optimis* 0.5  espoir* 0.5  esperer 0.3
encourag* 0.5  prometteu* 0.6  succes 0.7  reussi* 0.7  victoire* 0.7  gagne* 0.5
progres 0.5  ameliore* 0.5  amelioration* 0.5  innov* 0.4  solution* 0.4  protege* 0.2
protection 0.3  sauve* 0.5  sauvegarde* 0.4  preserv* 0.4  soutien* 0.4  soutenir 0.4
soutient 0.4  aide* 0.3  aider 0.3  partage 0.2  bravo 0.8  vive 0.6  vivement 0.4
benefique* 0.6  favorable* 0.5  propre 0.3  sain 0.4  saine 0.4  sains 0.4
record* 0.3  reussite* 0.7  exemplaire* 0.6  engage* 0.2  responsable* 0.3  ambitieu* 0.4
grace_a 0.3  boost* 0.4  renforce* 0.3  promouvoir 0.3  promeut 0.3  promotion 0.2
partenariat* 0.3  approuve* 0.4  soulag* 0.6  d'accord 0.4  contribue* 0.2  accelere* 0.2
operationnel* 0.3  jubil* 0.7  reve 0.4  reves 0.3  rever 0.3  humour 0.4  amour* 0.8  desir 0.3
privilegi* 0.3  sans_risque 0.4  rentable* 0.4  elu 0.2  elue 0.2  valoris* 0.4  facilite* 0.3
benefic* 0.4  opportunit* 0.5  reconnu* 0.3  prime* 0.3  recompense* 0.6  laureat* 0.6
refus* -0.4  tueu* -0.7  volee -0.5  voles -0.6  enfer -0.8  boude* -0.4
illicite* -0.5  illegal* -0.6  repression* -0.6  halluciner -0.4  hallucinant* -0.5  troll* -0.5
suspension -0.3  exclusion* -0.5  domage -0.5  subi -0.4  subit -0.4  subir -0.4  subissent -0.4
inerte -0.3  meurent -0.7  mourir -0.6  tuent -0.7  massacr* -0.9  sacrifi* -0.5  abandon* -0.4
dette* -0.4  chomage -0.5  licenci* -0.6  greve* -0.4  taxe* -0.2  impot* -0.2  payer -0.1
oppos* -0.3  denonce* -0.5  proteste* -0.5  manifest* -0.1  rejet* -0.4  critiqu* -0.4
bloquer -0.4  ecotaxe -0.1  arnaque -0.9  bidon -0.6  faux -0.3  fausse -0.3  fake -0.5
ahuriss* -0.5  stupefai* -0.3  crainte* -0.5  craindre -0.4  suppression* -0.4
malaise* -0.5  greenwashing -0.6  monstre* -0.4  urgence* -0.4  epidemi* -0.6  decourag* -0.5
tuer* -0.7  foutaise* -0.7  putain -0.5  fdp -0.8  desoriente* -0.4  denue* -0.3  capable 0.3
deni -0.4  mepris -0.7  gaspillage -0.6  dangereu* -0.7  nefaste* -0.7
honteusement -0.8  hate 0.4  cool 0.6  trop_bien 0.8  sublime* 0.8  superbe* 0.8  joli* 0.6
gaspill* -0.6  pollu* -0.6  toxique* -0.7  danger* -0.6  menace* -0.6  risque* -0.4
crise* -0.6  drame* -0.7  dramatique* -0.7  tragedie* -0.8  tragique* -0.8  mort -0.6
morts -0.7  mortel* -0.7  tue -0.7  tuer -0.7  tuent -0.7  meurt* -0.7  deces -0.6
victime* -0.6  detrui* -0.7  destruction* -0.7  massacre* -0.9  guerre* -0.6  attaque* -0.5
alerte* -0.4  inquiet* -0.6  inquietude* -0.6  inquietant* -0.6  peur* -0.6  angoiss* -0.6
colere -0.7  furieu* -0.8  enerve* -0.6  agace* -0.6  triste* -0.6  tristesse -0.7
malheur* -0.7  douleur* -0.6  souffr* -0.6  mal -0.5  mauvais* -0.7  mauvaise* -0.7
echec* -0.7  echoue* -0.7  faillite* -0.7  fiasco* -0.9  rate -0.4  rates -0.4
chute* -0.4  declin* -0.5  recul* -0.3  baisse* -0.2  hausse* -0.1  penurie* -0.6
manque* -0.4  absence -0.3  interdi* -0.3  condamn* -0.5  accuse* -0.5  polemique* -0.4
corruption* -0.8  corrompu* -0.8  fraude* -0.8  crime* -0.8  criminel* -0.8  delit* -0.6
mensonger* -0.7  ridicul* -0.7  absurde* -0.6  stupide* -0.7  debile* -0.8  con -0.6
cons -0.6  connerie* -0.8  idiot* -0.7  bete -0.5  betise* -0.6  grotesque* -0.7
pathetique* -0.8  navrant* -0.7  consternant* -0.7  consterne* -0.7  choquant* -0.7
choque* -0.5  revoltant* -0.8  revolte* -0.5  indign* -0.6  hypocri* -0.7  injust* -0.6
probleme* -0.5  grave -0.5  graves -0.5  pesticide* -0.4  nucleaire -0.1  dechet* -0.2
rechauffement -0.3  secheresse* -0.5  inondation* -0.5  canicule* -0.4  seisme* -0.6
deforestation* -0.6  extinction* -0.5  disparition* -0.4  disparai* -0.4  contamin* -0.7
fuite* -0.4  accident* -0.6  explosion* -0.6  incendie* -0.5  radioacti* -0.5  maree_noire -0.8
deteste* -0.8  hais -0.8  haine* -0.8  horreur* -0.8  beurk -0.7  berk -0.7  bof -0.3
ennui* -0.5  ennuyeu* -0.6  chiant* -0.7  relou* -0.6  gonfle* -0.5  saoule* -0.5
dommage -0.5  helas -0.5  malheureusement -0.5  pitie -0.5  tort -0.4
rien -0.1  fail -0.6  wtf -0.5  omg 0.1  dingue* 0.1  fou -0.1  folie* -0.3
"""

# --- broader everyday vocabulary (verbs and nouns of approval and of harm) -------------------
BROAD = """
accord 0.2  acclam* 0.6  admir* 0.7  agreablement 0.6  aimable 0.7  allegr* 0.6  amelior* 0.5
apaise* 0.4  apprecie* 0.6  applaudi* 0.6  astucieu* 0.5  atout* 0.5  audacieu* 0.4
avance* 0.2  avantage* 0.4  bienvenu* 0.6  bienfait* 0.6  bravissimo 0.8  brillant* 0.7
celebr* 0.4  charmant* 0.6  confian* 0.4  conforme 0.2  confort* 0.4  consensus 0.3
constructi* 0.4  convaincu* 0.3  cooper* 0.3  courage* 0.5  creati* 0.4  croissance 0.3
deliciou* 0.7  delicieu* 0.7  dynamique* 0.4  ecologique* 0.1  elegan* 0.6  emerveill* 0.8
emouvant* 0.5  enthousias* 0.7  epanou* 0.6  equitable* 0.4  essor 0.4  excell* 0.8
exceller 0.6  facilement 0.3  fete* 0.4  fiabilite 0.5  fidel* 0.4  gagnant* 0.6  genereu* 0.6
gentil* 0.6  geniale* 0.9  gratitude 0.7  hommage* 0.4  honor* 0.4  ideal* 0.6  impressionn* 0.6
inspir* 0.4  intelligen* 0.5  inventi* 0.4  loue* 0.3  lumineu* 0.4  merite* 0.4
motiv* 0.4  optimal* 0.5  paisible* 0.5  passionn* 0.6  plaisant* 0.5  precieu* 0.5
progresse* 0.4  prosper* 0.5  protecteur* 0.3  reconfort* 0.6  redress* 0.3  rejoui* 0.7
remarquable* 0.7  renouveau 0.4  respect* 0.4  reussir 0.6  revolutionn* 0.4  rigol* 0.4
salue* 0.4  savoureu* 0.7  securi* 0.3  serein* 0.5  sincere* 0.4  solidai* 0.5
spectaculaire* 0.5  stimul* 0.4  succulent* 0.7  sympathique* 0.6  talent* 0.6  tranquill* 0.4
triomph* 0.7  vertueu* 0.5  victorieu* 0.7  vivant* 0.3  wow 0.6  youpi 0.8  yes 0.4
abime* -0.5  absurd* -0.6  accabl* -0.6  affol* -0.5  aggrav* -0.6  alarm* -0.5  amer -0.4
amertume -0.5  anarchi* -0.4  angoisse* -0.6  apocalyp* -0.7  arrogan* -0.6  assassin* -0.8
atroce* -0.8  attentat* -0.8  bafou* -0.6  bavure* -0.6  blesse* -0.5  blessure* -0.5
brutal* -0.6  cafouill* -0.5  calamit* -0.8  carnage* -0.9  cauchemar* -0.7  chaos -0.7
chaotique* -0.6  chomeur* -0.3  coupable* -0.5  cruel* -0.7  cruaute* -0.7  decadence -0.6
decevoir -0.6  decrie* -0.5  defaillan* -0.6  defaite* -0.6  deficit* -0.4  degat* -0.6
degrad* -0.5  demolir -0.5  deplor* -0.6  deprim* -0.6  deroute -0.5  desaccord -0.4
desarroi -0.5  desespoir -0.7  desesper* -0.6  desillusion* -0.6  desolant* -0.6  desole* -0.3
detresse* -0.7  devast* -0.7  difficile* -0.3  difficulte* -0.4  dommag* -0.5  dramatis* -0.4
ecoeur* -0.8  effondr* -0.7  effray* -0.6  egoist* -0.6  emeute* -0.6  empoisonn* -0.7
endette* -0.4  epouvant* -0.7  errone* -0.4  escalade -0.4  etouff* -0.5  exasper* -0.7
exploit* -0.1  expuls* -0.5  faible* -0.3  famine* -0.8  fatigu* -0.4  fleau* -0.7
fragil* -0.3  fraud* -0.8  frustr* -0.6  gach* -0.6  gene -0.3  genant* -0.5  gravement -0.5
grogne -0.5  hostil* -0.6  humili* -0.7  ignoble* -0.9  immonde* -0.9  impasse* -0.5
incapable* -0.6  incoheren* -0.5  indecent* -0.7  inefficacite -0.6  inegalit* -0.5
inquieter -0.5  insulte* -0.7  intoler* -0.7  irresponsable* -0.7  laxis* -0.5  lache* -0.5
lourd* -0.2  maladie* -0.5  malade* -0.4  maltrait* -0.8  manipul* -0.6  medio* -0.5
menacant* -0.6  meprisable* -0.8  mesquin* -0.6  misere* -0.7  miserable* -0.7  negatif* -0.5
negative* -0.5  neglig* -0.5  nocif* -0.6  nuisance* -0.5  nuisible* -0.6  odieu* -0.8
opaque* -0.4  paniqu* -0.6  paralys* -0.5  penible* -0.6  perturb* -0.4  pessimis* -0.5
pietre -0.6  pille* -0.7  precaire* -0.4  prejudice* -0.5  pretentieu* -0.5  pollueur* -0.6
pourriss* -0.6  regress* -0.5  regrett* -0.5  reproch* -0.4  risible* -0.6  rupture* -0.3
sabot* -0.5  saccag* -0.7  sale -0.5  salement -0.5  saleté -0.6  sinistre* -0.6  souffrance* -0.7
stress* -0.4  tension* -0.3  terreur* -0.8  terrible* -0.5  terroris* -0.8  tort* -0.3
trahi* -0.7  trahison* -0.8  traumat* -0.7  tricher* -0.6  triche -0.6  vandal* -0.7
vexant* -0.5  vilain* -0.5  violen* -0.7  vulnerab* -0.4  zero -0.2  arnaqueur* -0.9
"""

# --- reviews and long posts: judging a film, a book, a product, a service --------------------
# The register of customer reviews and forum posts: a verdict on a work or a product, often
# written with words that textblob-fr does not know or weighs weakly.
REVIEWS = """
navet -0.9  navets -0.9  nanar* -0.7  soporifique* -0.8  ennuyant* -0.6  ennuye* -0.6
interminable* -0.6  longueurs -0.4  insipide* -0.7  fade* -0.5  creux -0.5  plat -0.2
plate -0.2  platitude* -0.5  previsible* -0.5  cliche* -0.4  bacle* -0.7  rate -0.6  ratee -0.6
rates -0.6  ratees -0.6  mievre* -0.5  niais* -0.6  gnangnan -0.6  poussif* -0.6  laborieu* -0.5
indigeste* -0.7  lourd -0.4  lourde -0.4  lourds -0.4  lourdes -0.4  lourdeur* -0.5
caricatura* -0.5  superficiel* -0.5  invraisemblable* -0.5  incoherent* -0.6  vide -0.4
vides -0.4  mediocre* -0.7  passable* -0.3  oubliable* -0.5  dispensable* -0.4  affligeant* -0.8
agacant* -0.5  irritant* -0.5  enervant* -0.6  lassant* -0.6  repetiti* -0.4  mou -0.4
molle* -0.4  confus -0.4  confuse -0.4  incomprehensible* -0.5  decousu* -0.5  bancal* -0.5
pompeu* -0.5  prechi-precha -0.6  puerile* -0.6  pueril* -0.6  grossier* -0.5  vulgaire* -0.5
barbant* -0.6  somnol* -0.5  endormi* -0.4  deconseille* -0.8  daube* -0.8  degueulasse* -0.9
epouvantable* -0.8  desastreu* -0.8  execrable* -0.9  abominable* -0.8  desappoint* -0.6
aseptise* -0.5  banal -0.4  banale* -0.4  banals -0.4  bouse* -0.8  bouze* -0.8
bouleversant* 0.8  poignant* 0.7  touchant* 0.6  emouvant* 0.7  drole 0.6  droles 0.6
hilarant* 0.8  haletant* 0.7  palpitant* 0.7  captivant* 0.8  bluffant* 0.8  epoustouflant* 0.9
envoutant* 0.8  subtil 0.5  subtile* 0.5  subtilite* 0.5  maitrise 0.3  maitrisee 0.3  pepite* 0.8
bijou 0.7  incontournable* 0.7  grandiose* 0.8  divertissant* 0.6  distrayant* 0.4
magistral* 0.9  culte 0.5  inoubliable* 0.8  fascinant* 0.7  intense* 0.4  addictif 0.6
addictive 0.6  chef-d'oeuvre* 0.9  chef-d'oeuvres 0.9  chefs-d'oeuvre 0.9  saisissant* 0.7
percutant* 0.6  jubilatoire* 0.8  delectable* 0.7  rafraichissant* 0.6  sensationnel* 0.8
ingenieux 0.6  ingenieuse* 0.6  emu 0.6  emue 0.6  emus 0.6  conquis 0.7  conquise 0.7
immersi* 0.5  poetique* 0.5  plebiscit* 0.5  regal 0.8  regale 0.6  regaler 0.6
recommande 0.6  recommandons 0.6  recommandez 0.6  conseille 0.4  conseillons 0.4
devore 0.8  devoree 0.8  devores 0.8  attachant* 0.7  captive* 0.6  passionne 0.6
"""

# Words of a story's subject rather than of a verdict on it ("un film de guerre", "les
# méchants", "un final sombre", "les critiques"): in reviews and forum posts they describe, they
# do not judge, so they weigh half of what they weigh in a complaint about an event.
DESCRIPTIVE = """
guerre* armee* ennemi* sombre sombres drame* dramatique* pleur* larme* mechant* critique
critiques final finale humour succes monstre*
"""

# Fixed expressions, matched on folded word sequences before single words.
PHRASES = """
pas mal 0.5  pas terrible -0.5  pas top -0.5  pas genial -0.5  pas de probleme 0.4
sans probleme 0.5  sans souci 0.5  aucun probleme 0.5  aucun souci 0.5  sans faute 0.6
au top 0.8  au poil 0.7  rien a redire 0.7  rien a dire 0.5  service client 0.0
service reclamation 0.0  service reclamations 0.0  service des reclamations 0.0
temps d'attente -0.3  a fuir -0.9  coup de gueule -0.6  coup de coeur 0.8
n'importe quoi -0.7  foutage de gueule -0.9  ras le bol -0.8  en avoir marre -0.7
prend les clients pour -0.8  se fout de -0.7  se moque de -0.6  hors de prix -0.7
hors service -0.6  tombe en panne -0.8  toujours rien -0.6  toujours pas -0.4
mort de rire 0.5  trop bien 0.8  trop cool 0.8  vraiment bien 0.7  bien joue 0.8
bonne nouvelle 0.8  mauvaise nouvelle -0.8  bonne idee 0.7  mauvaise idee -0.7
belle initiative 0.8  bonne initiative 0.8  geste commercial 0.5  marche bien 0.6
fonctionne bien 0.6  fonctionne pas -0.6  marche pas -0.6  ne marche plus -0.6
a l'ecoute 0.6  prise en charge 0.2  jamais repondu -0.7  aucune reponse -0.7
sans reponse -0.6  pas de reponse -0.6  bien sur 0.0  tant mieux 0.6  tant pis -0.4
peau des fesses -0.6
sans surprise 0.4  sans mauvaise surprise 0.5  mauvaise surprise -0.6  bonne surprise 0.6
energies renouvelables 0.3  non rentable -0.5  non merci -0.5  energie renouvelable 0.3
effet de serre -0.3  changement climatique 0.0
a voir absolument 1.0  a ne pas manquer 0.9  a ne pas rater 0.9  a decouvrir 0.6  a recommander 0.7
a conseiller 0.6  a lire absolument 1.0  a eviter -0.9  a oublier -0.7  a jeter -0.8
passez votre chemin -0.8  perte de temps -0.8  temps perdu -0.7  argent perdu -0.7
sans interet -0.7  aucun interet -0.7  peu d'interet -0.5  quel interet -0.6  a quoi bon -0.5
je me suis ennuye -0.8  je me suis ennuyee -0.8  on s'ennuie -0.7  on s'ennuie ferme -0.9
je m'attendais a mieux -0.7  je m'attendais a beaucoup mieux -0.8  bonne nuit -0.4
sauve les meubles -0.2  sauver les meubles -0.2  tire par les cheveux -0.6  deja vu -0.4
on ne s'ennuie pas 0.7  on ne s'ennuie jamais 0.8  lu d'une traite 0.9  se lit tout seul 0.8
se lit facilement 0.6  se lit bien 0.5  bien ecrit 0.7  mal ecrit -0.7  mal joue -0.7
bien joue 0.8  bien fait 0.5  mal fait -0.6  bien ficele 0.8  mal ficele -0.7  coup de coeur 0.9
un regal 0.8  que du bonheur 0.9  un pur bonheur 0.9  un grand moment 0.8  un bon moment 0.6
un moment agreable 0.6  sans plus -0.3  tombe des mains -0.8  pas accroche -0.6
rien de plus -0.4  rien de special -0.4  rien d'extraordinaire -0.4  rien de nouveau -0.4
rien de transcendant -0.5  tombe a l'eau -0.6  tombent a l'eau -0.6  failli partir -0.6
failli sortir -0.6  failli m'endormir -0.7  je me suis endormi -0.7  pas credible -0.6
super heros 0.0  super heroine 0.0  super heroines 0.0  super pouvoir 0.0  super pouvoirs 0.0
tout le long 0.0  tout au long 0.0  perdu de vue 0.0  perdus de vue 0.0  a la hauteur 0.6
depasse mes attentes 0.8  depasser mes attentes 0.8  au dela de mes attentes 0.8
vaut le detour 0.8  vaut le coup 0.7  vaut pas le coup -0.6  ne vaut pas -0.4  vaut pas -0.4
lettre recommandee 0.0  lettres recommandees 0.0  courrier recommande 0.0  en recommande 0.0
belle plume 0.8  lecture agreable 0.7  agreable a lire 0.7  lecture penible -0.7
se lit avec plaisir 0.8  pas reussi a finir -0.7  pas reussi a accrocher -0.7  fin baclee -0.8
page turner 0.8  pave indigeste -0.8  personnages attachants 0.8  personnages caricaturaux -0.6
chapeau bas 0.8  tres moyen -0.5  assez moyen -0.4  plutot moyen -0.4  bien moyen -0.5
effets speciaux 0.0  bien entendu 0.0  eh bien 0.0  ou bien 0.0  bien des 0.0
aussi bien 0.0  bien plus 0.0  bien moins 0.0  bien trop 0.0  marée noire -0.8  gaz de schiste -0.4
"""

# Factual words that textblob-fr (tuned on book reviews) gives a polarity, or that collide with
# a function word once accents are folded ("sûr" -> "sur"): never opinion words here.
NEUTRAL = """
sur sure surs sures tout tous toute toutes oui apres premier premiere premiers premieres
passe passee parti partie autre autres francais francaise grand grande grands grandes nouveau
nouvel nouvelle nouveaux nouvelles central centrale centrales social sociale sociaux economique
economiques international internationale internationaux electrique electriques nucleaire
nucleaires naturel naturelle nature recherche force presse fin dernier derniere derniers
dernieres vrai vraie unique uniques jeune jeunes gauche droite ferme fermes noir noire noirs
noires blanc blanche vert verte verts vertes rouge rouges bleu bleue applique autorise permis
industriel industriels industrielle ami amis chaud chaude profond profonde sauvage sauvages
public publique publics publiques national nationale politique politiques royal royale
general generale petit petite petits petites seul seule meme memes certain certaine
possible local locale mondial mondiale europeen europeenne humain humaine plein pleine
malgre connu commun commune force forces ancien ancienne bref enfin juste speciaux
special speciale droit donne donnee arrive arrivee deuxieme troisieme classique veritable proche
avance total totale vieux vieille fort forte forts fortes non particulier particuliere principal
principaux artistique moyen moyens
"""

# Words that scale the next opinion word (and how much), and those that dampen it.
INTENSIFIERS = {
    "tres": 1.5,
    "trop": 1.4,
    "vraiment": 1.5,
    "tellement": 1.5,
    "si": 1.3,
    "super": 1.5,
    "hyper": 1.6,
    "ultra": 1.6,
    "extremement": 1.8,
    "totalement": 1.5,
    "completement": 1.5,
    "absolument": 1.6,
    "particulierement": 1.4,
    "vachement": 1.5,
    "grave": 1.3,
    "carrement": 1.4,
    "franchement": 1.3,
    "enormement": 1.6,
    "terriblement": 1.6,
    "incroyablement": 1.7,
    "profondement": 1.5,
    "tout": 1.2,
    "toujours": 1.2,
    "encore": 1.2,
    "plus": 1.2,
    "vraiement": 1.5,
    "archi": 1.6,
    "beaucoup": 1.3,
    "fortement": 1.5,
    "immense": 1.5,
    "enorme": 1.5,
    "pur": 1.4,
    "pure": 1.4,
    "veritable": 1.3,
    "gros": 1.3,
    "grosse": 1.3,
}
ATTENUATORS = {
    "assez": 0.7,
    "plutot": 0.7,
    "moyennement": 0.5,
    "legerement": 0.5,
    "peu": 0.5,
    "presque": 0.6,
    "relativement": 0.7,
    "quasi": 0.6,
    "parfois": 0.7,
    "un peu": 0.6,
    "moins": 0.6,
    "seul": 0.3,
    "seule": 0.3,
    "seuls": 0.3,
    "seules": 0.3,
}

# textblob-fr's polarities were set for book reviews; ours for customer relations. Tuned on the
# tuning half of the evaluation split only (see evaluate.split_halves).
BORROWED_WEIGHT = 0.6

# The stems table is matched from the longest prefix down to this length.
MIN_STEM = 3


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Folded word -> polarity, stems -> polarity, and phrases (tuples of words) -> polarity."""

    words: dict[str, float]
    stems: dict[str, float]
    phrases: dict[tuple[str, ...], float]
    max_stem: int
    borrowed: frozenset[str] = frozenset()  # forms whose polarity comes from textblob-fr

    def lookup(self, norm: str) -> tuple[float, str] | None:
        """The polarity of one folded word and the entry that gave it, or None."""
        value = self.words.get(norm)
        if value is not None:
            return value, norm
        for end in range(min(len(norm), self.max_stem), MIN_STEM - 1, -1):
            stem = norm[:end]
            value = self.stems.get(stem)
            if value is not None:
                return value, stem + "*"
        return None


def _parse_table(table: str) -> list[tuple[str, float]]:
    items = table.split()
    return [(items[i].replace("_", " "), float(items[i + 1])) for i in range(0, len(items), 2)]


def _parse_phrases(table: str) -> dict[tuple[str, ...], float]:
    phrases: dict[tuple[str, ...], float] = {}
    for line in table.strip().splitlines():
        parts = line.split("  ")
        for part in parts:
            part = part.strip()
            if not part:
                continue
            text, _, value = part.rpartition(" ")
            phrases[phrase_key(text)] = float(value)
    return phrases


def phrase_key(text: str) -> tuple[str, ...]:
    """The token sequence a phrase matches (so "n'importe" splits like the tokenizer does)."""
    from generator.analyse.text import tokenize

    return tuple(t.norm for t in tokenize(text) if t.kind in ("word", "hashtag"))


def _textblob_fr_words() -> dict[str, float]:
    """Average polarity per folded form of textblob-fr's adjectives (a form may have senses)."""
    # find_spec locates the package without importing it (importing pulls in NLTK: seconds).
    spec = importlib.util.find_spec("textblob_fr")
    if spec is None or spec.origin is None:
        raise RuntimeError("textblob-fr is not installed: pip install textblob-fr")
    path = Path(spec.origin).parent / "fr-sentiment.xml"
    sums: dict[str, list[float]] = {}
    root = ET.fromstring(path.read_bytes())
    for word in root.iter("word"):
        form = word.get("form") or ""
        if " " in form or word.get("intensity", "1.0") != "1.0":
            continue  # intensifiers are handled as rules, not as opinion words
        try:
            polarity = float(word.get("polarity", "0"))
        except ValueError:
            continue
        sums.setdefault(fold(form), []).append(polarity)
    return {form: sum(vs) / len(vs) for form, vs in sums.items() if any(vs)}


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon used by the French analyser (built once per process)."""
    own_words: dict[str, float] = {}
    stems: dict[str, float] = {}
    phrases = _parse_phrases(PHRASES)
    for table in (BROAD, GENERAL, REVIEWS, CUSTOMER_RELATIONS):  # customer relations wins
        for entry, value in _parse_table(table):
            key = fold(entry)
            if " " in key:
                phrases[phrase_key(key)] = value
            elif key.endswith("*"):
                stems[key[:-1]] = value
            else:
                own_words[key] = value
    max_stem = max((len(s) for s in stems), default=0)
    stems_only = Lexicon(words={}, stems=stems, phrases={}, max_stem=max_stem)
    words: dict[str, float] = {}
    for form, value in _textblob_fr_words().items():
        ours = stems_only.lookup(form)  # our stems win over textblob-fr's forms
        words[form] = ours[0] if ours else value * BORROWED_WEIGHT
    words.update(own_words)
    for form in NEUTRAL.split():
        for variant in (form, form + "s", form + "e", form + "es"):
            if variant not in own_words:
                words.pop(variant, None)
    _halve_descriptive(words, stems)
    borrowed = frozenset(form for form in words if form not in own_words and form not in stems)
    return Lexicon(words, stems, phrases, max_stem, borrowed)


DESCRIPTIVE_WEIGHT = 0.5


def _halve_descriptive(words: dict[str, float], stems: dict[str, float]) -> None:
    """Weigh the DESCRIPTIVE words at DESCRIPTIVE_WEIGHT, whether a form or a stem holds them."""
    probe = Lexicon(words={}, stems=stems, phrases={}, max_stem=max(map(len, stems), default=0))
    for entry in DESCRIPTIVE.split():
        key = fold(entry)
        if key.endswith("*"):
            prefix = key[:-1]
            if prefix in stems:
                stems[prefix] *= DESCRIPTIVE_WEIGHT
            for form in [w for w in words if w.startswith(prefix)]:
                words[form] *= DESCRIPTIVE_WEIGHT
        elif key in words:
            words[key] *= DESCRIPTIVE_WEIGHT
        else:
            found = probe.lookup(key)
            if found is not None:
                words[key] = found[0] * DESCRIPTIVE_WEIGHT
