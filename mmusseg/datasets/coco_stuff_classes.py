"""COCO-Stuff's 182 fine classes and their 27 coarse (supercategory) classes.

Fine ids are as stored in the stuffthingmaps PNGs: COCO category id - 1
(0-90 things, including the 11 ids COCO never annotates; 91-181 stuff).
The coarse classes are the official COCO-Stuff supercategories: 12 thing
supercategories (coarse 0-11) then 15 stuff supercategories (12-26).
"""

COARSE_CLASSES = (
    'electronic', 'appliance', 'food-things', 'furniture-things', 'indoor',
    'kitchen', 'accessory', 'animal', 'outdoor', 'person', 'sports',
    'vehicle', 'ceiling', 'floor', 'food-stuff', 'furniture-stuff',
    'rawmaterial', 'textile', 'wall', 'window', 'building', 'ground', 'plant',
    'sky', 'solid', 'structural', 'water')
THING_COARSE_CLASSES = COARSE_CLASSES[:12]

# (fine name, coarse name), in fine-id order.
_THINGS = [
    ('person', 'person'), ('bicycle', 'vehicle'), ('car', 'vehicle'),
    ('motorcycle', 'vehicle'), ('airplane', 'vehicle'), ('bus', 'vehicle'),
    ('train', 'vehicle'), ('truck', 'vehicle'), ('boat', 'vehicle'),
    ('traffic light', 'outdoor'), ('fire hydrant', 'outdoor'),
    ('street sign', 'outdoor'), ('stop sign', 'outdoor'),
    ('parking meter', 'outdoor'), ('bench', 'outdoor'), ('bird', 'animal'),
    ('cat', 'animal'), ('dog', 'animal'), ('horse', 'animal'),
    ('sheep', 'animal'), ('cow', 'animal'), ('elephant', 'animal'),
    ('bear', 'animal'), ('zebra', 'animal'), ('giraffe', 'animal'),
    ('hat', 'accessory'), ('backpack', 'accessory'),
    ('umbrella', 'accessory'), ('shoe', 'accessory'),
    ('eye glasses', 'accessory'), ('handbag', 'accessory'),
    ('tie', 'accessory'), ('suitcase', 'accessory'), ('frisbee', 'sports'),
    ('skis', 'sports'), ('snowboard', 'sports'), ('sports ball', 'sports'),
    ('kite', 'sports'), ('baseball bat', 'sports'),
    ('baseball glove', 'sports'), ('skateboard', 'sports'),
    ('surfboard', 'sports'), ('tennis racket', 'sports'),
    ('bottle', 'kitchen'), ('plate', 'kitchen'), ('wine glass', 'kitchen'),
    ('cup', 'kitchen'), ('fork', 'kitchen'), ('knife', 'kitchen'),
    ('spoon', 'kitchen'), ('bowl', 'kitchen'), ('banana', 'food-things'),
    ('apple', 'food-things'), ('sandwich', 'food-things'),
    ('orange', 'food-things'), ('broccoli', 'food-things'),
    ('carrot', 'food-things'), ('hot dog', 'food-things'),
    ('pizza', 'food-things'), ('donut', 'food-things'),
    ('cake', 'food-things'), ('chair', 'furniture-things'),
    ('couch', 'furniture-things'), ('potted plant', 'furniture-things'),
    ('bed', 'furniture-things'), ('mirror', 'furniture-things'),
    ('dining table', 'furniture-things'), ('window', 'furniture-things'),
    ('desk', 'furniture-things'), ('toilet', 'furniture-things'),
    ('door', 'furniture-things'), ('tv', 'electronic'),
    ('laptop', 'electronic'), ('mouse', 'electronic'),
    ('remote', 'electronic'), ('keyboard', 'electronic'),
    ('cell phone', 'electronic'), ('microwave', 'appliance'),
    ('oven', 'appliance'), ('toaster', 'appliance'), ('sink', 'appliance'),
    ('refrigerator', 'appliance'), ('blender', 'appliance'),
    ('book', 'indoor'), ('clock', 'indoor'), ('vase', 'indoor'),
    ('scissors', 'indoor'), ('teddy bear', 'indoor'),
    ('hair drier', 'indoor'), ('toothbrush', 'indoor'),
    ('hair brush', 'indoor')
]
_STUFF = [
    ('banner', 'textile'), ('blanket', 'textile'), ('branch', 'plant'),
    ('bridge', 'building'), ('building-other', 'building'),
    ('bush', 'plant'), ('cabinet', 'furniture-stuff'),
    ('cage', 'structural'), ('cardboard', 'rawmaterial'),
    ('carpet', 'floor'), ('ceiling-other', 'ceiling'),
    ('ceiling-tile', 'ceiling'), ('cloth', 'textile'),
    ('clothes', 'textile'), ('clouds', 'sky'),
    ('counter', 'furniture-stuff'), ('cupboard', 'furniture-stuff'),
    ('curtain', 'textile'), ('desk-stuff', 'furniture-stuff'),
    ('dirt', 'ground'), ('door-stuff', 'furniture-stuff'),
    ('fence', 'structural'), ('floor-marble', 'floor'),
    ('floor-other', 'floor'), ('floor-stone', 'floor'),
    ('floor-tile', 'floor'), ('floor-wood', 'floor'), ('flower', 'plant'),
    ('fog', 'water'), ('food-other', 'food-stuff'),
    ('fruit', 'food-stuff'), ('furniture-other', 'furniture-stuff'),
    ('grass', 'plant'), ('gravel', 'ground'), ('ground-other', 'ground'),
    ('hill', 'solid'), ('house', 'building'), ('leaves', 'plant'),
    ('light', 'furniture-stuff'), ('mat', 'textile'),
    ('metal', 'rawmaterial'), ('mirror-stuff', 'furniture-stuff'),
    ('moss', 'plant'), ('mountain', 'solid'), ('mud', 'ground'),
    ('napkin', 'textile'), ('net', 'structural'),
    ('paper', 'rawmaterial'), ('pavement', 'ground'),
    ('pillow', 'textile'), ('plant-other', 'plant'),
    ('plastic', 'rawmaterial'), ('platform', 'ground'),
    ('playingfield', 'ground'), ('railing', 'structural'),
    ('railroad', 'ground'), ('river', 'water'), ('road', 'ground'),
    ('rock', 'solid'), ('roof', 'building'), ('rug', 'textile'),
    ('salad', 'food-stuff'), ('sand', 'ground'), ('sea', 'water'),
    ('shelf', 'furniture-stuff'), ('sky-other', 'sky'),
    ('skyscraper', 'building'), ('snow', 'ground'),
    ('solid-other', 'solid'), ('stairs', 'furniture-stuff'),
    ('stone', 'solid'), ('straw', 'plant'),
    ('structural-other', 'structural'), ('table', 'furniture-stuff'),
    ('tent', 'building'), ('textile-other', 'textile'),
    ('towel', 'textile'), ('tree', 'plant'), ('vegetable', 'food-stuff'),
    ('wall-brick', 'wall'), ('wall-concrete', 'wall'),
    ('wall-other', 'wall'), ('wall-panel', 'wall'), ('wall-stone', 'wall'),
    ('wall-tile', 'wall'), ('wall-wood', 'wall'),
    ('water-other', 'water'), ('waterdrops', 'water'),
    ('window-blind', 'window'), ('window-other', 'window'),
    ('wood', 'solid')
]
FINE_CLASSES = tuple(name for name, _ in _THINGS + _STUFF)
#: Fine id (0-181) -> coarse id (0-26).
FINE_TO_COARSE = {
    fine_id: COARSE_CLASSES.index(coarse)
    for fine_id, (_, coarse) in enumerate(_THINGS + _STUFF)
}
